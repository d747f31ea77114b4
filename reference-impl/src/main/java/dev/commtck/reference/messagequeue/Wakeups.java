package dev.commtck.reference.messagequeue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the receives that wait on a queue. A waiting receive takes the queue's current signal before it looks at the
 * queue, so a message sent between its look and its wait completes that very signal: no wake-up is lost. A waiter is a
 * parked (virtual) thread and one small object per queue with waiters; queues nobody waits on cost nothing.
 */
final class Wakeups {

    /** The waiters of one queue and the signal the next change completes. */
    static final class Slot {
        private volatile CompletableFuture<Void> changed = new CompletableFuture<>();
        private int waiters; // guarded by the map's compute

        /** Completes when the queue changes after this call. */
        CompletableFuture<Void> nextChange() {
            return changed;
        }
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Registers a waiter on the queue; pair with {@link #leave}. */
    Slot enter(String queue) {
        Slot slot = slots.compute(queue, (q, s) -> {
            Slot t = s == null ? new Slot() : s;
            t.waiters++;
            return t;
        });
        if (closed) {
            slot.changed.complete(null);
        }
        return slot;
    }

    void leave(String queue) {
        slots.computeIfPresent(queue, (q, s) -> --s.waiters == 0 ? null : s);
    }

    /** Something became deliverable on the queue: its waiters look again. */
    void changed(String queue) {
        slots.computeIfPresent(queue, (q, s) -> {
            CompletableFuture<Void> fired = s.changed;
            s.changed = new CompletableFuture<>();
            fired.complete(null);
            return s;
        });
    }

    /** Wakes every waiter for good: the store is closing. */
    void closeAll() {
        closed = true;
        slots.values().forEach(s -> s.changed.complete(null));
    }
}
