package dev.commtck.tck.support;

import java.time.Duration;

/**
 * The end of a wait for something a server must do in time, moved on by the time the kit itself could not run since
 * the wait began ({@link SchedulingDelay}) and by at most the wait's own length: what a server sent while the kit was
 * held up is seen late through no fault of the server's, and a watch for "nothing happens" still watches as long as it
 * was meant to.
 */
public final class Deadline {

    private final long startNanos;
    private final long dueNanos;

    private Deadline(long startNanos, long dueNanos) {
        this.startNanos = startNanos;
        this.dueNanos = dueNanos;
    }

    /** A wait of {@code within} from now. */
    public static Deadline in(Duration within) {
        long now = System.nanoTime();
        return new Deadline(now, now + within.toNanos());
    }

    /** A wait from now until a moment of a test's clock, {@code atMs} after its start. */
    public static Deadline at(Evidence evidence, long atMs) {
        long now = System.nanoTime();
        return new Deadline(now, Math.max(now, evidence.nanosAt(atMs)));
    }

    /** The {@link System#nanoTime} at which the wait ends, as the kit's own delay so far has moved it. */
    public long atNanos() {
        long lostNanos = SchedulingDelay.meter().lostBetween(startNanos, System.nanoTime()) * 1_000_000;
        return dueNanos + Math.min(lostNanos, dueNanos - startNanos);
    }

    /** Nanoseconds left, zero or less once it has passed. */
    public long nanosLeft() {
        return atNanos() - System.nanoTime();
    }
}
