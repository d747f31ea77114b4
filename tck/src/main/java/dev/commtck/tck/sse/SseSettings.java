package dev.commtck.tck.sse;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.Target;
import java.time.Duration;
import java.util.Optional;

/** The pattern's settings, tolerance and capability (spec/sse.md, "Settings, tolerances, capabilities"). */
final class SseSettings {

    static final int DEFAULT_HISTORY = 256;
    static final long DEFAULT_HEARTBEAT_MS = 15_000;
    static final long DEFAULT_WATCH_MS = 1_000;

    private SseSettings() {
    }

    /** {@code sse.history}: how many events the server keeps for resumption. */
    static int history(Target target) {
        return positive(target, "history", DEFAULT_HISTORY);
    }

    /** {@code sse.heartbeat}: the server's own heartbeat interval. */
    static Duration heartbeat(Target target) {
        return Duration.ofMillis(positive(target, "heartbeat", DEFAULT_HEARTBEAT_MS));
    }

    /** {@code tolerance.sse.watch}: how long a stream is watched for what takes time. */
    static Duration watch(Target target) {
        return target.tolerances().named("sse.watch", DEFAULT_WATCH_MS);
    }

    /** {@code capability.sse.heartbeat-parameter}, when declared. */
    static Optional<Boolean> heartbeatParameter(Target target) {
        return target.settings().capability(Pattern.SSE, "heartbeat-parameter");
    }

    private static int positive(Target target, String name, long defaultValue) {
        long v = target.settings().setting(Pattern.SSE, name).map(Long::parseLong).orElse(defaultValue);
        if (v <= 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the setting sse." + name + " must be a positive number, got " + v);
        }
        return (int) v;
    }
}
