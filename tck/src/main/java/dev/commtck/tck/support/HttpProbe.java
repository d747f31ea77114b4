package dev.commtck.tck.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The kit's HTTP/1.1 client for ordinary exchanges (the JDK's {@code java.net.http}). Every exchange is bounded in
 * time ({@link Tolerances#response}) and in memory ({@link #MAX_BODY}), never follows redirects, and is recorded in
 * the test's {@link Evidence}. Byte-level checks use {@link RawConnection} instead.
 */
public final class HttpProbe implements AutoCloseable {

    /** Response bodies are read up to this many bytes; the rest is not read, so an endless body cannot exhaust memory. */
    public static final int MAX_BODY = 1 << 20;
    /**
     * A response's header section longer than this is an error; no conforming server of these patterns comes near it.
     * The raw clients enforce it themselves; the JDK client's limit is a JVM-wide setting, {@value #JDK_MAX_HEADER_SIZE},
     * which the runner sets for its own process (see {@code dev.commtck.cli.CommTck}).
     */
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    /** The system property that bounds the header section the JDK client reads (384 KiB when not set). */
    public static final String JDK_MAX_HEADER_SIZE = "jdk.http.maxHeaderSize";

    private final Endpoint endpoint;
    private final Tolerances tolerances;
    private final Evidence evidence;
    private final HttpClient client;

    public HttpProbe(Endpoint endpoint, Tolerances tolerances, Evidence evidence) {
        this.endpoint = endpoint;
        this.tolerances = tolerances;
        this.evidence = evidence;
        this.client = endpoint.clientBuilder(tolerances.response()).build();
    }

    /** How long any one exchange may take, for callers that wait on several at once. */
    public Duration bound() {
        return tolerances.response().plusSeconds(1);
    }

    public Exchange get(String path) {
        return send(Request.get(path));
    }

    public Exchange post(String path, String text) {
        return send(Request.post(path, text));
    }

    /** Sends and waits for the whole response, at most {@link Tolerances#response}. */
    public Exchange send(Request request) {
        return await(sendAsync(request), request);
    }

    /** Sends without waiting; the future completes exceptionally with the same failures {@link #send} throws. */
    public CompletableFuture<Exchange> sendAsync(Request asked) {
        Request request = endpoint.withHeaders(asked);
        URI uri = endpoint.uri(request.path());
        HttpRequest.Builder b = endpoint.request(request)
                .timeout(tolerances.response())
                .method(request.method(), request.hasBody()
                        ? HttpRequest.BodyPublishers.ofByteArray(request.body())
                        : HttpRequest.BodyPublishers.noBody());
        long start = evidence.now();
        evidence.requested(request.method(), uri);
        CompletableFuture<Exchange> sent = client.sendAsync(b.build(), info -> new BoundedBody(evidence.now()))
                .thenApply(r -> exchange(request, uri, start, r));
        // Completes on time or not at all: the caller's wait is bounded even when the body never ends. The future
        // handed out completes after the exchange is in the evidence, so a failure can quote it.
        return sent.orTimeout(tolerances.response().toMillis() + 50, TimeUnit.MILLISECONDS).whenComplete((ex, failure) -> {
            if (failure != null) {
                sent.cancel(true); // aborts the exchange and frees its connection
                evidence.record(start, endpoint.evidencePrefix() + request.method() + " " + uri.getRawPath() + " → no response: " + describe(failure),
                        Map.of("request", new Exchange(request, uri, 0, Map.of(), new byte[0], false, start, start, start)
                                .requestText()));
            } else {
                evidence.record(start, endpoint.evidencePrefix() + ex.summary(), Map.of("request", ex.requestText(), "response", ex.responseText()));
            }
        });
    }

    private Exchange exchange(Request request, URI uri, long start, HttpResponse<Body> r) {
        Body body = r.body();
        return new Exchange(request, uri, r.statusCode(), r.headers().map(), body.bytes(), body.truncated(), start,
                body.headersMs(), evidence.now());
    }

    /** Waits for an exchange started with {@link #sendAsync}, turning transport failures into verdicts. */
    public Exchange await(CompletableFuture<Exchange> future, Request request) {
        try {
            return future.get(bound().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw verdictFor(e.getCause(), request);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw verdictFor(e, request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationError("interrupted while waiting for " + request.method() + " " + request.path(), e);
        }
    }

    /**
     * A target that is down cannot be evaluated (ERROR, thrown); a target that is up but does not answer in time, or
     * breaks the exchange (reset, garbage instead of HTTP), violates the requirement being checked (FAIL, returned).
     */
    Error verdictFor(Throwable thrown, Request request) {
        Throwable failure = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        String what = request.method() + " " + endpoint.uri(request.path());
        if (failure instanceof ConnectException || failure instanceof UnresolvedAddressException
                || failure.getCause() instanceof ConnectException) {
            throw new EvaluationError("cannot connect to the target for " + what + ": " + describe(failure), failure);
        }
        if (failure instanceof HttpTimeoutException || failure instanceof TimeoutException) {
            return new TimeoutFailure("a complete response to " + what + " within " + tolerances.response().toMillis()
                    + " ms (tolerance 'response')", "none came", "");
        }
        if (failure instanceof IOException) {
            return new ConformanceFailure("a complete HTTP/1.1 response to " + what,
                    "the exchange failed: " + describe(failure), "");
        }
        throw new EvaluationError("the kit failed while sending " + what + ": " + describe(failure), failure);
    }

    private static String describe(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    /** A response body as the kit keeps it: at most {@link #MAX_BODY} bytes. */
    record Body(byte[] bytes, boolean truncated, long headersMs) {
    }

    /** Collects a body up to {@link #MAX_BODY} bytes, then cancels the rest. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<Body> {
        private final long headersMs;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Body> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedBody(long headersMs) {
            this.headersMs = headersMs;
        }

        @Override
        public CompletionStage<Body> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                int room = MAX_BODY - bytes.size();
                int n = Math.min(room, item.remaining());
                byte[] chunk = new byte[n];
                item.get(chunk);
                bytes.write(chunk, 0, n);
                if (item.hasRemaining()) {
                    subscription.cancel();
                    result.complete(new Body(bytes.toByteArray(), true, headersMs));
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(new Body(bytes.toByteArray(), false, headersMs));
        }
    }
}
