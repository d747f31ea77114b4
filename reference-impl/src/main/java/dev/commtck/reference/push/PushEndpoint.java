package dev.commtck.reference.push;

import io.helidon.common.buffers.DataWriter;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnectionSelector;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsSession;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Push over WebSocket (spec/push.md), assembled: the hub, the listener for each connection, the upgrader with its
 * frame guard, and the HTTP routes. Built from parts so that a mutant can replace exactly one ({@link Builder}); the
 * reference server uses {@link #builder()} as it is.
 *
 * <p>Limits: a frame of at most 1 MiB, a client message of at most 64 KiB, a notification of at most 64 KiB; at most
 * 256 messages or 1 MiB waiting for one client (then it is closed with 1013). Each connection costs a virtual thread
 * that reads and one that writes, no platform thread; one timer thread serves all connections.
 */
public final class PushEndpoint implements AutoCloseable {

    public static final String PATH = "/push";
    public static final String NOTIFICATIONS = "/push/notifications";

    /** The spellings of {@code Upgrade: websocket} the server answers: Helidon looks its upgraders up by exact value. */
    private static final Set<FrameRule> ALL_RULES = Set.copyOf(EnumSet.allOf(FrameRule.class));
    private static final Set<String> UPGRADE_TOKENS = Set.of("websocket", "WebSocket", "Websocket", "WEBSOCKET");

    private final Builder parts;
    private final PushHub hub;

    private PushEndpoint(Builder parts) {
        this.parts = parts;
        this.hub = parts.hub.apply(parts.settings);
    }

    public static Builder builder() {
        return new Builder();
    }

    String path() {
        return PATH;
    }

    String notificationsPath() {
        return NOTIFICATIONS;
    }

    Function<Frame, Set<FrameRule>> rules() {
        return parts.rules;
    }

    BiPredicate<Frame, WsSession> forwarded() {
        return parts.forwarded;
    }

    Consumer<WritableHeaders<?>> handshake() {
        return parts.handshake;
    }

    UnaryOperator<DataWriter> wire() {
        return parts.wire;
    }

    /** {@code POST /push/notifications}, and 426 for a {@code GET /push} that is not a WebSocket handshake. */
    public HttpService httpService() {
        return new PushService(this, hub);
    }

    /** The WebSocket route: a new listener for each connection. */
    public WsRouting.Builder webSocketRouting() {
        return WsRouting.builder().endpoint(PATH, () -> parts.listener.apply(parts.settings));
    }

    /**
     * HTTP/1.1 with this endpoint's upgrader, to be used before the selector Helidon discovers (which would upgrade
     * with its own, unguarded one).
     */
    public ServerConnectionSelector connectionSelector() {
        PushUpgrader upgrader = new PushUpgrader(this, hub);
        Map<String, PushUpgrader> upgraders = new LinkedHashMap<>();
        UPGRADE_TOKENS.forEach(token -> upgraders.put(token, upgrader));
        return Http1ConnectionSelector.builder().config(Http1Config.create()).upgraders(upgraders).build();
    }

    /** The WebSocket protocol configuration Helidon's codec looks up on the listener. */
    public WsConfig protocol() {
        return WsConfig.create();
    }

    @Override
    public void close() {
        hub.close();
    }

    /** The parts, each the reference one unless replaced. */
    public static final class Builder {
        private PushSettings settings = PushSettings.DEFAULT;
        private Function<PushSettings, PushHub> hub = PushHub::new;
        private Function<PushSettings, PushListener> listener = PushListener::new;
        private Function<Frame, Set<FrameRule>> rules = frame -> ALL_RULES;
        private BiPredicate<Frame, WsSession> forwarded = (frame, session) -> true;
        private Consumer<WritableHeaders<?>> handshake = headers -> { };
        private UnaryOperator<DataWriter> wire = UnaryOperator.identity();

        private Builder() {
        }

        public Builder settings(PushSettings s) {
            settings = s;
            return this;
        }

        /** Who delivers: a hub subclass breaks a delivery promise. */
        public Builder hub(Function<PushSettings, PushHub> h) {
            hub = h;
            return this;
        }

        /** Who answers the client: a listener subclass answers wrongly. */
        public Builder listener(Function<PushSettings, PushListener> l) {
            listener = l;
            return this;
        }

        /** The RFC 6455 checks the frame guard makes (all of them unless a mutant drops one). */
        public Builder rules(Set<FrameRule> r) {
            Set<FrameRule> copy = Set.copyOf(r);
            return rulesFor(frame -> copy);
        }

        /** The RFC 6455 checks the frame guard makes on each frame, for a mutant that skips one on some frames. */
        public Builder rulesFor(Function<Frame, Set<FrameRule>> r) {
            rules = r;
            return this;
        }

        /**
         * Which valid client frames reach Helidon's codec (all of them unless a mutant swallows some); the session is
         * there for a mutant that answers a frame itself instead.
         */
        public Builder forwarded(BiPredicate<Frame, WsSession> f) {
            forwarded = f;
            return this;
        }

        /** Sees, and may change, the headers of each opening handshake before the server looks at them. */
        public Builder handshake(Consumer<WritableHeaders<?>> h) {
            handshake = h;
            return this;
        }

        /** Wraps what the server writes on an upgraded connection: the 101 response, then its frames. */
        public Builder wire(UnaryOperator<DataWriter> w) {
            wire = w;
            return this;
        }

        public PushEndpoint build() {
            return new PushEndpoint(this);
        }
    }
}
