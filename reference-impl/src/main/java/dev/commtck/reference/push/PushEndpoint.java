package dev.commtck.reference.push;

import dev.commtck.reference.http.Service;
import dev.commtck.reference.http.Upgrade;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Push over WebSocket (spec/push.md), assembled: the hub, the listener, the upgrade with its frame guard, and the HTTP
 * routes. Built from parts so that a mutant can replace exactly one ({@link Builder}); the reference server uses
 * {@link #builder()} as it is.
 *
 * <p>Limits: a frame of at most 1 MiB, a client message of at most 64 KiB, a notification of at most 64 KiB; at most
 * 256 messages or 1 MiB not yet taken by the network for one client (then it is closed with 1013). A connection costs
 * no thread: its frames are read and written on its event loop. One timer thread serves all connections.
 */
public final class PushEndpoint implements AutoCloseable {

    public static final String PATH = "/push";
    public static final String NOTIFICATIONS = "/push/notifications";

    private static final Set<FrameRule> ALL_RULES = Set.copyOf(EnumSet.allOf(FrameRule.class));

    private final Builder parts;
    private final PushHub hub;

    private PushEndpoint(Builder parts) {
        this.parts = parts;
        this.hub = parts.hub.apply(parts.settings);
    }

    public static Builder builder() {
        return new Builder();
    }

    PushListener listener() {
        return parts.listener;
    }

    Function<Frame, Set<FrameRule>> rules() {
        return parts.rules;
    }

    BiPredicate<Frame, Session> forwarded() {
        return parts.forwarded;
    }

    Consumer<HttpHeaders> handshake() {
        return parts.handshake;
    }

    /** What to put between the server and the socket of each upgraded connection; null for nothing. */
    Supplier<? extends ChannelOutboundHandler> wire() {
        return parts.wire;
    }

    /** {@code POST /push/notifications}, and 426 for a {@code GET /push} that is not a WebSocket handshake. */
    public Service httpService() {
        return new PushService(hub);
    }

    /** The WebSocket handshake at {@link #PATH}, to register with {@code Routes.upgrade}. */
    public Upgrade upgrade() {
        return new PushUpgrader(this, hub);
    }

    @Override
    public void close() {
        hub.close();
    }

    /** The parts, each the reference one unless replaced. */
    public static final class Builder {
        private PushSettings settings = PushSettings.DEFAULT;
        private Function<PushSettings, PushHub> hub = PushHub::new;
        private PushListener listener = new PushListener();
        private Function<Frame, Set<FrameRule>> rules = frame -> ALL_RULES;
        private BiPredicate<Frame, Session> forwarded = (frame, session) -> true;
        private Consumer<HttpHeaders> handshake = headers -> { };
        private Supplier<? extends ChannelOutboundHandler> wire;

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

        /** Who answers the client, on every connection: a listener subclass answers wrongly. */
        public Builder listener(PushListener l) {
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
         * Which valid client frames go on to be acted on (all of them unless a mutant swallows some); the session is
         * there for a mutant that answers a frame itself instead.
         */
        public Builder forwarded(BiPredicate<Frame, Session> f) {
            forwarded = f;
            return this;
        }

        /**
         * Sees, and may change, the headers of each opening handshake before the server looks at them ({@code Upgrade},
         * {@code Connection}, {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version}).
         */
        public Builder handshake(Consumer<HttpHeaders> h) {
            handshake = h;
            return this;
        }

        /**
         * A handler, new for each upgraded connection, put next to its socket: it sees every buffer the server writes
         * there (the 101 response, then one per frame) and may rewrite it.
         */
        public Builder wire(Supplier<? extends ChannelOutboundHandler> w) {
            wire = w;
            return this;
        }

        public PushEndpoint build() {
            return new PushEndpoint(this);
        }
    }
}
