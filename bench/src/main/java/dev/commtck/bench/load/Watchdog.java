package dev.commtck.bench.load;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes what the load client holds once its bound has passed: its reads have no timeout of their own, so this is
 * what ends a read that would otherwise wait for a server that never answers.
 */
final class Watchdog {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("load-client-watchdog").factory());

    private Watchdog() {
    }

    /** Runs {@code close} when {@code bound} has passed, unless the returned future is cancelled first. */
    static ScheduledFuture<?> after(Duration bound, Runnable close) {
        return TIMER.schedule(close, bound.toMillis(), TimeUnit.MILLISECONDS);
    }
}
