package dev.commtck.reference.cluster;

import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;

/**
 * The events of hubs (an event stream, a topic, the push notifications) as the nodes of one service share them: each
 * hub's events in one order, its newest ones kept for resumption, and word to every node when some are appended. A
 * node's hub ({@code SharedEventHub}, {@code SharedPushHub}) appends here and fans out to its own clients what it
 * hears. The interface is the seam between those hubs and the database ({@link PostgresEventLog}).
 */
public interface EventLog {

    /**
     * One kept event.
     *
     * @param position its place in its hub's order: 1, 2, 3… in the order the appends committed
     * @param id       the id its clients see (its position, unless a mutant numbers events otherwise)
     * @param payload  what it carries
     */
    record Stored(long position, long id, String payload) {
    }

    /**
     * Where a hub stands.
     *
     * @param last        the position of its newest event (0: none yet)
     * @param evictedUpTo the newest position that is no longer kept (0: none evicted)
     */
    record Range(long last, long evictedUpTo) {
    }

    /**
     * Appends an event and tells every node, in one transaction; returns its id. The hub keeps its newest
     * {@code history} events, and at most {@code historyBytes} bytes of their payloads in UTF-8.
     *
     * @param idOf the id of the event at a position
     */
    long append(String hub, String payload, LongUnaryOperator idOf, int history, long historyBytes);

    /** The kept events after position {@code after}, up to {@code upTo} included, in order. */
    List<Stored> between(String hub, long after, long upTo);

    /** Where the hub stands now. */
    Range range(String hub);

    /**
     * Calls {@code appended} with the position of each event appended to the hub, by any node, in order (several at
     * once may be told as the last of them), and with the hub's last position when notifications may have been missed.
     * Closing the returned handle stops it.
     */
    Listening listen(String hub, LongConsumer appended);

    /** A listener's place, given up by closing it. */
    interface Listening extends AutoCloseable {
        @Override
        void close();
    }
}
