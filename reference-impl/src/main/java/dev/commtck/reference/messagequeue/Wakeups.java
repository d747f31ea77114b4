package dev.commtck.reference.messagequeue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Wakes the receives that wait on a queue, one per message that arrives, in the order they started waiting: a send
 * to a queue with a thousand waiters wakes one of them, not the thousand.
 *
 * <p>A waiting receive registers before it looks at the queue, so a message that arrives after its look wakes it (or
 * another waiter): no wake-up is lost. A receive that was chosen by a wake-up but returns without looking again (it
 * already had messages, or its wait is over) passes the wake-up on, see {@link #withdraw}. A waiter is a parked
 * (virtual) thread and one future; queues nobody waits on cost nothing.
 */
final class Wakeups {

    private final ConcurrentHashMap<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Registers a waiter on the queue; the future completes when something may be deliverable for it. */
    CompletableFuture<Void> register(String queue) {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiting.compute(queue, (q, s) -> {
            Set<CompletableFuture<Void>> t = s == null ? new LinkedHashSet<>() : s;
            t.add(waiter);
            return t;
        });
        if (closed) {
            waiter.complete(null);
        }
        return waiter;
    }

    /** Removes a waiter; false when a wake-up had already chosen it. */
    boolean withdraw(String queue, CompletableFuture<Void> waiter) {
        boolean[] removed = {false};
        waiting.computeIfPresent(queue, (q, s) -> {
            removed[0] = s.remove(waiter);
            return s.isEmpty() ? null : s;
        });
        return removed[0];
    }

    /** Wakes up to {@code count} waiters of the queue, the longest-waiting first. */
    void wake(String queue, int count) {
        List<CompletableFuture<Void>> chosen = new ArrayList<>(count);
        waiting.computeIfPresent(queue, (q, s) -> {
            for (Iterator<CompletableFuture<Void>> it = s.iterator(); it.hasNext() && chosen.size() < count; ) {
                chosen.add(it.next());
                it.remove();
            }
            return s.isEmpty() ? null : s;
        });
        chosen.forEach(w -> w.complete(null));
    }

    /**
     * One look at a queue: what it leased, and, when it leased nothing, how long until its earliest running lease ends
     * (negative: no lease runs).
     */
    record Look(List<QueueStore.Delivery> deliveries, long untilVisibleMs) {
    }

    /**
     * A receive: looks at the queue, and while the look leases nothing and the wait lasts, waits for a wake-up or the
     * end of the earliest lease, and looks again. Registers before each look, so that no arrival is missed; passes on a
     * wake-up that chose it when it returns without looking again.
     */
    List<QueueStore.Delivery> receive(String queue, Duration wait, Supplier<Look> look) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<QueueStore.Delivery> ready = look.get().deliveries();
        if (!ready.isEmpty() || wait.isZero()) {
            return ready; // no wait, no waiting list to join
        }
        while (true) {
            CompletableFuture<Void> woken = register(queue); // before looking, so no arrival is missed
            boolean returning = false;
            try {
                Look seen = look.get();
                long left = deadline - System.nanoTime();
                if (!seen.deliveries().isEmpty() || left <= 0) {
                    returning = true;
                    return seen.deliveries();
                }
                long untilVisible = seen.untilVisibleMs() < 0 ? left : TimeUnit.MILLISECONDS.toNanos(seen.untilVisibleMs());
                woken.get(Math.max(0, Math.min(left, untilVisible)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // the wait or a lease ended: look again
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // wake-ups only ever complete normally
            } finally {
                if (!withdraw(queue, woken) && returning) {
                    wake(queue, 1); // chosen for a message it will not look for: another waiter may
                }
            }
        }
    }

    /** Wakes every waiter for good: the store is closing. */
    void closeAll() {
        closed = true;
        wakeAll();
    }

    /** Wakes every waiter of every queue: each looks again (wake-ups from elsewhere may have been missed). */
    void wakeAll() {
        for (String queue : waiting.keySet()) {
            wake(queue, Integer.MAX_VALUE);
        }
    }
}
