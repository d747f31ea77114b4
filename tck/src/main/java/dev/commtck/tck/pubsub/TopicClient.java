package dev.commtck.tck.pubsub;

import static dev.commtck.tck.pubsub.TopicPaths.PUBLISH;
import static dev.commtck.tck.pubsub.TopicPaths.SUBSCRIBE;

import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.HttpProbe;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.SseClient;
import dev.commtck.tck.support.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The publish/subscribe contract as the kit speaks it: publishes through an {@link HttpProbe}, subscriptions through
 * an {@link SseClient}, both bounded and recorded in the test's evidence, or (for the loads) in clients of their own
 * whose evidence the check summarises.
 */
final class TopicClient implements AutoCloseable {

    /** A tag that makes this run's messages unlike any other run's. */
    static final String RUN = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    private final Target target;
    private final HttpProbe http;
    private final SseClient sse;
    private final boolean own;

    /** A client that records in the test's evidence. */
    TopicClient(Target target) {
        this(target, target.http(), target.sse(), false);
    }

    private TopicClient(Target target, HttpProbe http, SseClient sse, boolean own) {
        this.target = target;
        this.http = http;
        this.sse = sse;
        this.own = own;
    }

    /**
     * A client of its own, recording in {@code evidence} instead of the test's: for the loads, whose thousands of
     * exchanges the test summarises rather than lists. Closing it closes its streams.
     */
    static TopicClient recordingIn(Target target, Evidence evidence) {
        return new TopicClient(target, new HttpProbe(target.endpoint(), target.tolerances(), evidence),
                new SseClient(target.endpoint(), target.tolerances(), evidence), true);
    }

    /** A client that publishes like this one and subscribes through {@code sse} (which its caller closes). */
    TopicClient withStreamsFrom(SseClient sse) {
        return new TopicClient(target, http, sse, false);
    }

    /** Closes the client's streams and connections, if it has its own. */
    @Override
    public void close() {
        if (own) {
            sse.close();
            http.close();
        }
    }

    /** The node it reaches ({@code node 2}), empty for the target of a run without nodes. */
    String node() {
        return target.endpoint().name();
    }

    /** A topic nobody else uses, so that checks never see each other's messages: {@code commtck-<purpose>-<random>}. */
    static String freshTopic(String purpose) {
        return "commtck-" + purpose + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** A message of this run that says what it is for: {@code commtck 1a2b3c4d late 2 of 3}. */
    static String message(String what, int i, int count) {
        return "commtck " + RUN + " " + what + " " + i + " of " + count;
    }

    /** Like {@link #message(String, int, int)}, one line padded to exactly {@code bytes} bytes of UTF-8. */
    static String message(String what, int i, int count, int bytes) {
        String text = message(what, i, count) + " ";
        return text + "x".repeat(bytes - text.length());
    }

    Request publishRequest(String topic, String message) {
        return new Request("POST", TopicPaths.of(target, PUBLISH, topic), Map.of(), null)
                .body("text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
    }

    /** The publish exchange as it went, whatever the answer. */
    Exchange publishExchange(String topic, String message) {
        return http.send(publishRequest(topic, message));
    }

    CompletableFuture<Exchange> publishAsync(Request publish) {
        return http.sendAsync(publish);
    }

    /** The exchange of a publish sent with {@link #publishAsync}, once it is complete (failures as {@link HttpProbe#await}). */
    Exchange answer(CompletableFuture<Exchange> publish, Request request) {
        return http.await(publish, request);
    }

    /**
     * Publishes a message the check needs; when the server does not answer it as the contract says, nothing can be
     * evaluated (ERROR), and PS-PUBLISH-1 says what is wrong.
     */
    Published publish(String topic, String message) {
        return published(publishExchange(topic, message), topic);
    }

    /** The publish's answer as a published message, or an ERROR: the check cannot go on without its sequence number. */
    static Published published(Exchange ex, String topic) {
        return sequence(ex).map(seq -> new Published(topic, ex.bodyOfRequest(), seq, ex.startMs(), ex.endMs()))
                .orElseThrow(() -> new EvaluationError("cannot evaluate: the publish " + ex.request().method() + " "
                        + ex.request().path() + " was answered " + ex.status() + " " + Text.quoteBytes(ex.body())
                        + ", not 2xx with the message's sequence number (PS-PUBLISH-1; paths.pub-sub.publish configures"
                        + " where it is)"));
    }

    /** The sequence number a publish was answered with: a 2xx whose body is a decimal integer (of up to 18 digits). */
    static Optional<Long> sequence(Exchange ex) {
        String body = ex.bodyText().strip();
        return ex.status() / 100 == 2 && body.matches("[0-9]{1,18}") ? Optional.of(Long.parseLong(body)) : Optional.empty();
    }

    /** A subscription to the topic, with request headers (name, value, …) such as {@code Last-Event-ID}. */
    EventStream subscribe(String topic, String... headers) {
        return subscribe(topic, EventStream.MAX_BYTES, headers);
    }

    /** Asks for a subscription to the topic and returns the response as it is, event stream or not. */
    EventStream request(String topic) {
        return sse.open(TopicPaths.of(target, SUBSCRIBE, topic));
    }

    /** Whether the response is a subscription: {@code 200} with an event stream. */
    static boolean isSubscription(EventStream s) {
        return s.status() == 200 && s.head().mediaType().equals("text/event-stream");
    }

    /**
     * A subscription that may read up to {@code readLimit} bytes. One that is not an event stream cannot be used: the
     * check cannot be evaluated (ERROR), and PS-STREAM-1 says why; the stream is closed at once, so that a target that
     * answers with something else is never read from more than once.
     */
    EventStream subscribe(String topic, long readLimit, String... headers) {
        Request r = Request.get(TopicPaths.of(target, SUBSCRIBE, topic));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            r = r.header(headers[i], headers[i + 1]);
        }
        EventStream s = sse.open(r, target.tolerances().response(), readLimit);
        if (!isSubscription(s)) {
            s.close();
            throw new EvaluationError("cannot evaluate: the subscription GET " + r.path() + " was answered " + s.status()
                    + " " + s.head().mediaType() + ", not 200 with an event stream (PS-STREAM-1; paths.pub-sub.subscribe"
                    + " configures where it is)");
        }
        return s;
    }

    /** Waits, until {@code wake} after the message was published, for it to arrive; fails when it does not. */
    static SseEvent awaitDelivery(Target target, EventStream s, Published p) {
        long wake = target.tolerances().wake().toMillis();
        long deadline = p.sentMs() + wake;
        return s.awaitEvent(p::deliveredAs, deadline).orElseThrow(() -> Expect.streamFailure("the message "
                        + Text.quote(p.message()) + " (sequence number " + p.sequence() + ", published at +" + p.sentMs()
                        + " ms) within " + wake + " ms (tolerance 'wake')",
                s.ending().map(end -> "it had not come when " + end).orElse("it had not come by +" + deadline + " ms"), s));
    }
}
