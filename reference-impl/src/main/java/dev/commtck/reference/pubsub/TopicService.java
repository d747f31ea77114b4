package dev.commtck.reference.pubsub;

import dev.commtck.reference.sse.EventHub;
import dev.commtck.reference.sse.EventStreamRoutes;
import dev.commtck.reference.http.HttpError;
import dev.commtck.reference.http.Request;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Publish/subscribe (spec/pub-sub.md): {@code POST /topics/{topic}/messages} publishes the request body to the topic and
 * answers its sequence number; {@code GET /topics/{topic}/events} subscribes, as an event stream whose event ids are the
 * topic's sequence numbers. The streams are written exactly as {@code /events} writes them ({@link EventStreamRoutes});
 * the topics, with their limits, are {@link Topics}'.
 *
 * <p>The protected methods (and those of {@link EventStreamRoutes}) are the seams through which the kit's mutants
 * break one rule each.
 */
public class TopicService extends EventStreamRoutes {

    public static final String PUBLISH = "/topics/{topic}/messages";
    public static final String SUBSCRIBE = "/topics/{topic}/events";

    private static final Predicate<String> NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,80}").asMatchPredicate();

    private final Topics topics;

    public TopicService() {
        this(new Topics());
    }

    public TopicService(Topics topics) {
        this(topics, SUBSCRIBE, PUBLISH);
    }

    /** With its topics at {@code subscribePath} and {@code publishPath} instead of {@value #SUBSCRIBE} and {@value #PUBLISH}. */
    public TopicService(Topics topics, String subscribePath, String publishPath) {
        super(subscribePath, publishPath);
        this.topics = topics;
    }

    @Override
    protected EventHub.Subscription subscribe(Request req, Optional<String> lastEventId) {
        return topics.subscribe(topic(req), lastEventId, client(req));
    }

    @Override
    protected void release(Request req, EventHub.Subscription s) {
        topics.release(topic(req), s);
    }

    @Override
    protected long publish(Request req, String payload) {
        return topics.publish(topic(req), payload);
    }

    // ---- seam for the kit's mutants

    /** The topic the request names; a name outside the contract's rule is answered 400. */
    protected String topic(Request req) {
        String name = req.pathParameter("topic");
        if (!NAME.test(name)) {
            throw HttpError.badRequest("a topic name is 1 to 80 characters from A-Z, a-z, 0-9, '-' and '_'");
        }
        return name;
    }
}
