package dev.commtck.reference.longpolling;

import java.time.Duration;

/**
 * The documented limits of the reference server's long polling; what lies beyond them is refused with 503 and
 * {@code Retry-After} (LP-LIMIT-1) or, for a job's own parameters, with 400.
 *
 * @param maxHold       the longest a wait is held (a client's bound above it is lowered to it)
 * @param retention     how long a finished job is kept, and answered, after it finished
 * @param maxJobs       jobs held at once, running or finished and not yet expired
 * @param maxWaiters    waits held at once
 * @param maxDurationMs the longest job a client may ask for
 * @param maxInputChars the longest input a client may give
 */
public record LongPollingLimits(Duration maxHold, Duration retention, int maxJobs, int maxWaiters, long maxDurationMs,
                                int maxInputChars) {

    /**
     * RFC 6202's "safer" 30 s hold; five minutes of retention; 100,000 jobs (a few hundred bytes each) and 16,384 held
     * waits (a callback on its job and a connection each), below the 20,000 file descriptors a process gets here.
     */
    public static final LongPollingLimits DEFAULT = new LongPollingLimits(Duration.ofSeconds(30), Duration.ofMinutes(5),
            100_000, 16_384, 600_000, 65_536);

    public LongPollingLimits withMaxHold(Duration hold) {
        return new LongPollingLimits(hold, retention, maxJobs, maxWaiters, maxDurationMs, maxInputChars);
    }

    public LongPollingLimits withMaxInputChars(int chars) {
        return new LongPollingLimits(maxHold, retention, maxJobs, maxWaiters, maxDurationMs, chars);
    }

    public LongPollingLimits withCapacity(int jobs, int waiters) {
        return new LongPollingLimits(maxHold, retention, jobs, waiters, maxDurationMs, maxInputChars);
    }
}
