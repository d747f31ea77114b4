package dev.commtck.mutants;

import dev.commtck.reference.pubsub.TopicService;
import dev.commtck.reference.pubsub.Topics;
import dev.commtck.reference.sse.EventHub;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A correct publish/subscribe server that looks nothing like the reference: mounted under {@code /api}, with a query on
 * its subscription path; publishes answered {@code 201} with whitespace around a sequence number taken from one counter
 * for all topics, so that a topic's numbers jump; the event stream of {@link UnusualEventStreams} (a byte order mark,
 * CRLF, {@code event: message}, unknown fields, comments between events); and slow subscribers kept rather than cut
 * off — each may fall {@link #SLOW_SUBSCRIBER_BACKLOG} bytes behind, so that the kit's slow subscriber catches up
 * instead.
 */
final class UnusualTopics extends TopicService {

    static final int SLOW_SUBSCRIBER_BACKLOG = 64 << 20;
    static final Map<String, String> PATHS = Map.of(
            "commtck.paths.pub-sub.publish", "/api/topics/{topic}/messages",
            "commtck.paths.pub-sub.subscribe", "/api/topics/{topic}/events?format=sse");

    UnusualTopics() {
        super(new Topics() {
            private final AtomicLong numbers = new AtomicLong();

            @Override
            protected EventHub newHub(long idsAfter) {
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
        });
    }

    @Override
    protected OutputStream streamBody(ServerRequest req, ServerResponse res) {
        return UnusualEventStreams.opened(super.streamBody(req, res));
    }

    @Override
    protected void answerTrigger(ServerResponse res, long id) {
        res.status(Status.CREATED_201).header(HeaderNames.CONTENT_TYPE, "text/plain").send("  " + id + "\n");
    }
}
