package dev.commtck.tck.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** Lets time pass on a test's clock until a moment the check needs (a lease ended, a job's duration passed). */
public final class Waits {

    private Waits() {
    }

    /** Returns once {@code atMs} has come on the test's clock: a bounded wait, not a sleep, saying what it is for. */
    public static void until(Target target, long atMs, String what) {
        long left = Math.max(0, atMs - target.evidence().now());
        await(what).atMost(Duration.ofMillis(left).plus(target.tolerances().fast())).until(() -> target.evidence().now() >= atMs);
    }
}
