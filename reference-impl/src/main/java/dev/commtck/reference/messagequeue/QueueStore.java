package dev.commtck.reference.messagequeue;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where the queues live, behind the HTTP layer ({@link QueueService}). The reference store is {@link JournalQueueStore};
 * the interface is also the seam through which the kit's mutant servers wrap it with one fault each. Any operation
 * that changes a queue may throw {@link Full} when a durable store's disk has no room for the change.
 */
public interface QueueStore extends AutoCloseable {

    /**
     * Stores a message and returns its id once it is stored.
     *
     * @throws Full when the store holds as much as it may
     */
    String send(String queue, byte[] body);

    /**
     * Leases up to {@code max} deliverable messages for {@code visibility}; when there are none, waits up to
     * {@code wait} for one to become deliverable. An empty list means nothing came within the wait.
     */
    List<Delivery> receive(String queue, int max, Duration visibility, Duration wait) throws InterruptedException;

    /**
     * Whether every operation finishes without waiting (no database round trip, no disk I/O but into memory), apart
     * from a receive's {@code wait}: then the service runs them on the event loop. Unless a store says so, it may wait.
     */
    default boolean waitsOnlyToReceive() {
        return false;
    }

    /** Deletes the message whose current, running lease {@code receipt} names. */
    Settlement ack(String queue, String receipt);

    /** Ends the lease {@code receipt} names at once, so that the message is deliverable again. */
    Settlement release(String queue, String receipt);

    /** The queue's dead letters, oldest first. */
    List<DeadLetter> deadLetters(String queue);

    /** Stops the store; waiting receives return, and later calls throw {@link Closed}. */
    @Override
    void close();

    /**
     * The message a receipt of the reference's stores names: they write a receipt as {@code <message>.<delivery>.<token>};
     * empty for a receipt they did not write.
     */
    static OptionalLong messageOf(String receipt) {
        try {
            return OptionalLong.of(Long.parseLong(receipt.substring(0, Math.max(0, receipt.indexOf('.')))));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** One delivery of a message: the lease it starts is named by {@code receipt}. */
    record Delivery(String id, byte[] body, String receipt, int deliveryCount) {
    }

    /** A message that was delivered too often without an acknowledgement. */
    record DeadLetter(String id, byte[] body, int deliveryCount) {
    }

    /** What became of an acknowledgement or a release. */
    enum Settlement {
        /** The receipt named the running lease, and the message is deleted (ack) or deliverable again (release). */
        DONE,
        /** The receipt names an earlier delivery, or a lease that has ended: nothing changed. */
        LEASE_ENDED,
        /** The receipt names no message of the queue. */
        UNKNOWN
    }

    /**
     * The store is full, or the disk under a durable one is: the operation is refused and changed nothing, rather
     * than a stored message dropped or a change left unrecorded.
     */
    final class Full extends RuntimeException {
        public Full(String message) {
            super(message);
        }
    }

    /** The store has been closed (the server is stopping). */
    final class Closed extends RuntimeException {
        public Closed() {
            super("the queue store is closed");
        }
    }
}
