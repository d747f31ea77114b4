package dev.commtck.tck.support.sse;

import dev.commtck.tck.support.ConformanceFailure;
import dev.commtck.tck.support.Endpoint;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.TimeoutFailure;
import dev.commtck.tck.support.Tolerances;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The kit's Server-Sent Events client: opens event streams on the target with {@code java.net.http} (HTTP/1.1, no
 * redirects) and hands each back as an {@link EventStream} that reads in the background. Opening waits for the
 * response head at most {@link Tolerances#response}, the bound of any response; how soon it came is the test's to
 * judge ({@link EventStream#head}). Everything after that is bounded by the test's own deadlines; {@link #close} ends
 * every stream still open and records their transcripts in the evidence.
 *
 * <p>Each request carries {@code Accept: text/event-stream} and {@code User-Agent: CommTCK}, plus the headers the
 * caller adds ({@code Last-Event-ID}, {@code Accept-Encoding}). The JDK client neither asks for nor decodes a content
 * coding; {@link EventStream} decodes {@code gzip} itself and leaves other codings undecoded.
 */
public final class SseClient implements AutoCloseable {

    private final Endpoint endpoint;
    private final Tolerances tolerances;
    private final Evidence evidence;
    private final HttpClient client;
    private final List<EventStream> streams = new ArrayList<>();

    public SseClient(Endpoint endpoint, Tolerances tolerances, Evidence evidence) {
        this.endpoint = endpoint;
        this.tolerances = tolerances;
        this.evidence = evidence;
        this.client = endpoint.clientBuilder(tolerances.response()).build();
    }

    /** Opens {@code GET path} and waits for its head at most {@link Tolerances#response}. */
    public EventStream open(String path) {
        return open(Request.get(path));
    }

    /** Opens the request (usually a {@code GET} with extra headers) and waits for its head at most {@link Tolerances#response}. */
    public EventStream open(Request request) {
        return open(request, tolerances.response());
    }

    /** Opens the request and waits for its head at most {@code headBound}; reads at most {@link EventStream#MAX_BYTES}. */
    public EventStream open(Request request, Duration headBound) {
        return open(request, headBound, EventStream.MAX_BYTES);
    }

    /**
     * Opens the request and waits for its head at most {@code headBound}; reads at most {@code readLimit} bytes, for
     * the checks that put a load through a stream (the stream keeps its first {@link EventStream#MAX_BYTES} bytes and
     * at most {@value EventStream#MAX_KEPT} events, whose data are the rest of what it holds). A target that cannot be
     * reached is an {@link EvaluationError}; no head within the bound is a {@link TimeoutFailure}; a broken exchange a
     * {@link ConformanceFailure}. In every case the attempt is in the evidence.
     */
    public EventStream open(Request request, Duration headBound, long readLimit) {
        Request sent = endpoint.withHeaders(request.headers().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Accept"))
                ? request : request.header("Accept", "text/event-stream"));
        URI uri = endpoint.uri(sent.path());
        HttpRequest.Builder b = endpoint.request(sent)
                .method(sent.method(), sent.hasBody()
                        ? HttpRequest.BodyPublishers.ofByteArray(sent.body())
                        : HttpRequest.BodyPublishers.noBody());
        EventStream stream = new EventStream(sent, uri, endpoint.evidencePrefix(), evidence, readLimit);
        evidence.requested(sent.method(), uri);
        synchronized (streams) {
            streams.add(stream);
        }
        CompletableFuture<HttpResponse<EventStream>> head = client.sendAsync(b.build(), stream::subscriber);
        String what = sent.method() + " " + uri;
        try {
            head.get(headBound.toMillis(), TimeUnit.MILLISECONDS);
            return stream;
        } catch (TimeoutException e) {
            head.cancel(true);
            stream.ended("no response head within " + headBound.toMillis() + " ms");
            stream.close();
            throw new TimeoutFailure("the status line and headers of " + what + " within " + headBound.toMillis()
                    + " ms, before any event", "none came", stream.describe());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            stream.ended("the exchange failed: " + cause);
            stream.close();
            if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException
                    || cause != null && cause.getCause() instanceof ConnectException) {
                throw new EvaluationError("cannot connect to the target for " + what + ": " + cause, cause);
            }
            if (cause instanceof IOException) {
                throw new ConformanceFailure("a well-formed HTTP/1.1 response to " + what, "the exchange failed: " + cause,
                        stream.describe());
            }
            throw new EvaluationError("the kit failed while opening " + what + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            head.cancel(true);
            stream.close();
            throw new EvaluationError("interrupted while opening " + what, e);
        }
    }

    /** Closes every stream (recording its transcript) and the client. */
    @Override
    public void close() {
        List<EventStream> all;
        synchronized (streams) {
            all = List.copyOf(streams);
            streams.clear();
        }
        all.forEach(EventStream::close);
        client.shutdownNow();
    }
}
