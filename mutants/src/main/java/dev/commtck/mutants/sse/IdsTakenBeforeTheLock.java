package dev.commtck.mutants.sse;

import dev.commtck.reference.sse.EventHub;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hub that numbers an event before it takes the lock that orders sending, and pauses up to {@link #PAUSE_MS} in
 * between, as an asynchronous step (a lookup, a queue hand-off) would: concurrent events go out in another order than
 * their ids. The fault of {@code sse-ids-before-async-step} and {@code ps-reorders-concurrent-publishes}.
 */
public final class IdsTakenBeforeTheLock extends EventHub {

    /** The longest pause between numbering an event and sending it. */
    public static final int PAUSE_MS = 3;

    private final AtomicLong ids;
    private final ThreadLocal<Long> taken = new ThreadLocal<>();

    /** A hub with the reference's limits, as {@link EventHub#EventHub(int, long, long, long)} takes them. */
    public IdsTakenBeforeTheLock(int history, long historyBytes, long outboxBytes, long idsAfter) {
        super(history, historyBytes, outboxBytes, idsAfter);
        ids = new AtomicLong(idsAfter);
    }

    @Override
    public long publish(String payload) {
        taken.set(ids.incrementAndGet());
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(PAUSE_MS + 1));
            return super.publish(payload);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            taken.remove();
        }
    }

    @Override
    protected long nextId(long last) {
        return taken.get();
    }
}
