package dev.commtck.tck.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How long the kit itself was held up while it ran: a thread that asks to wake every {@value #TICK_MS} ms and
 * records how much later it woke (a garbage collection, a machine whose cores are busy with other work). Time the kit
 * was not running is time in which it could not see what a server sent, so a wait for something that must happen
 * within a tolerance is extended by the kit's own lost time in that window ({@link #lostBetween}), and the report
 * says how much that was. A server that is slow by more than the kit's own delay still fails.
 */
public final class SchedulingDelay {

    static final long TICK_MS = 5;
    /** Lateness below this is the timer's own granularity, not a delay worth counting. */
    static final long NOISE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** Delays are kept this long: longer than any check's window, and than a run of the whole kit on a busy machine. */
    static final long KEPT_NANOS = TimeUnit.MINUTES.toNanos(30);

    /** One late wake-up: the kit could not run from {@code fromNanos} to {@code toNanos}. */
    private record Stall(long fromNanos, long toNanos) {
    }

    private static final SchedulingDelay INSTANCE = new SchedulingDelay();

    private final Deque<Stall> stalls = new ArrayDeque<>();

    private SchedulingDelay() {
        Thread t = new Thread(this::measure, "commtck-scheduling-delay");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY); // as ordinary as the kit's own threads: it measures what they suffer
        t.start();
    }

    /** The delay meter of this JVM, started the first time it is asked for. */
    public static SchedulingDelay meter() {
        return INSTANCE;
    }

    private void measure() {
        long tick = TimeUnit.MILLISECONDS.toNanos(TICK_MS);
        while (true) {
            long before = System.nanoTime();
            LockSupport.parkNanos(tick);
            long after = System.nanoTime();
            long late = after - before - tick;
            if (late > NOISE_NANOS) {
                synchronized (stalls) {
                    stalls.addLast(new Stall(after - late, after));
                    while (!stalls.isEmpty() && stalls.peekFirst().toNanos() < after - KEPT_NANOS) {
                        stalls.removeFirst();
                    }
                }
            }
        }
    }

    /** Milliseconds the kit could not run between two {@link System#nanoTime} readings. */
    public long lostBetween(long fromNanos, long toNanos) {
        long lost = 0;
        synchronized (stalls) {
            for (Stall s : stalls) {
                lost += Math.max(0, Math.min(toNanos, s.toNanos()) - Math.max(fromNanos, s.fromNanos()));
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(lost);
    }

    /** The longest single delay that ended between two {@link System#nanoTime} readings, in ms. */
    public long longestBetween(long fromNanos, long toNanos) {
        long longest = 0;
        synchronized (stalls) {
            for (Stall s : stalls) {
                if (s.toNanos() >= fromNanos && s.toNanos() <= toNanos) {
                    longest = Math.max(longest, s.toNanos() - s.fromNanos());
                }
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(longest);
    }
}
