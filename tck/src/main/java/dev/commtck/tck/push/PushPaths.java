package dev.commtck.tck.push;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.PathKey;
import dev.commtck.tck.support.Target;
import java.net.URI;
import java.time.Duration;

/** The resources and settings of the push contract (spec/push.md, "Contract"). */
final class PushPaths {

    static final PathKey SOCKET = new PathKey(Pattern.PUSH, "socket", "/push");
    static final PathKey NOTIFICATIONS = new PathKey(Pattern.PUSH, "notifications", "/push/notifications");

    private PushPaths() {
    }

    /** The WebSocket URI of the push resource: the target's, with {@code ws} or {@code wss}. */
    static URI socketUri(Target target) {
        return target.endpoint().webSocketUri(target.path(SOCKET));
    }

    /** The server's declared tick period ({@code push.period}, default 1000 ms). */
    static Duration period(Target target) {
        return millis(target, "period", 1000);
    }

    /** The server's declared keep-alive ({@code push.keepalive}, default 30000 ms). */
    static Duration keepAlive(Target target) {
        return millis(target, "keepalive", 30_000);
    }

    private static Duration millis(Target target, String name, long defaultMs) {
        return Duration.ofMillis(target.settings().setting(Pattern.PUSH, name).map(Long::parseLong).orElse(defaultMs));
    }
}
