package dev.commtck.reference.sse;

import java.util.Optional;

/**
 * Where a stream's events are born and fan out: {@link EventHub} in one process, {@link SharedEventHub} for nodes that
 * share a database. The routes ({@link EventStreamRoutes}) and the topics of publish/subscribe use either.
 */
public interface Hub extends AutoCloseable {

    /** Sends a new event with this payload to every open stream and keeps it for resumption; returns its id. */
    long publish(String payload);

    /**
     * Opens a stream for {@code client}: after {@code lastEventId} when it is present (the events kept after it, or
     * the stale signal), live from now otherwise.
     */
    EventHub.Subscription subscribe(Optional<String> lastEventId, String client);

    /** How many streams are open. */
    int streams();

    /** The id of the newest event, or the one the ids start after when there has been none. */
    long lastId();

    /** The hub is no longer used (a topic forgotten): it lets go of what it holds outside itself. */
    @Override
    default void close() {
    }
}
