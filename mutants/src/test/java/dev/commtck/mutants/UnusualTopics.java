package dev.commtck.mutants;

import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Status;
import dev.commtck.reference.pubsub.TopicService;
import dev.commtck.reference.pubsub.Topics;
import dev.commtck.reference.sse.EventHub;
import dev.commtck.reference.sse.Hub;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A correct publish/subscribe server that looks nothing like the reference: mounted under {@code /api}, with a query on
 * its subscription path; publishes answered {@code 201} with whitespace around a sequence number taken from one counter
 * for all topics, so that a topic's numbers jump; the event stream of {@link UnusualEventStreams} (a byte order mark,
 * CRLF, {@code event: message}, unknown fields, comments between events); a notice to each subscription alone, an event
 * {@code subscribed} without an id, before what the subscription starts with (a replay, or the stale signal); and slow
 * subscribers kept rather than cut off — each may fall {@link #SLOW_SUBSCRIBER_BACKLOG} bytes behind, so that the kit's
 * slow subscriber catches up instead.
 */
final class UnusualTopics extends TopicService {

    static final int SLOW_SUBSCRIBER_BACKLOG = 64 << 20;
    static final Map<String, String> PATHS = Map.of(
            "commtck.paths.pub-sub.publish", "/api/topics/{topic}/messages",
            "commtck.paths.pub-sub.subscribe", "/api/topics/{topic}/events?format=sse");
    /** One topic of this server as the sse suite's events resource and trigger. */
    static final Map<String, String> SSE_PATHS = Map.of(
            "commtck.paths.sse.events", "/api/topics/sse-check/events?format=sse",
            "commtck.paths.sse.trigger", "/api/topics/sse-check/messages");
    private static final byte[] SUBSCRIBED = "event: subscribed\r\ndata: you are subscribed\r\n\r\n"
            .getBytes(StandardCharsets.UTF_8);

    UnusualTopics() {
        super(new Topics() {
            private final AtomicLong numbers = new AtomicLong();

            @Override
            protected Hub newHub(String name, long idsAfter) {
                return new EventHub(HISTORY, HISTORY_BYTES, SLOW_SUBSCRIBER_BACKLOG, idsAfter) {
                    @Override
                    protected long nextId(long last) {
                        return numbers.incrementAndGet();
                    }

                    @Override
                    protected byte[] frame(long id, String payload) {
                        return UnusualEventStreams.unusualFrame(id, payload);
                    }
                };
            }
        }, "/api/topics/{topic}/events", "/api/topics/{topic}/messages");
    }

    @Override
    protected OutputStream streamBody(Request req, Response res) {
        return noticeFirst(UnusualEventStreams.opened(super.streamBody(req, res)));
    }

    /**
     * The stream with the {@code subscribed} notice first, before what the stream starts with (a replay, or the stale
     * signal): a notice outside the sequence, which the kit ignores wherever it comes.
     */
    private static OutputStream noticeFirst(OutputStream stream) {
        return new FilterOutputStream(stream) {
            private boolean noticed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                notice();
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                notice();
                out.flush();
            }

            private void notice() throws IOException {
                if (!noticed) {
                    noticed = true;
                    out.write(SUBSCRIBED);
                }
            }
        };
    }

    @Override
    protected void answerTrigger(Response res, long id) {
        res.status(Status.CREATED).header("Content-Type", "text/plain").send("  " + id + "\n");
    }
}
