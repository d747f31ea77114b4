package dev.commtck.reference.push;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.PeerInfo;
import io.helidon.http.DirectHandler;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.Router;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsSession;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;

/**
 * Upgrades {@code GET /push} to WebSocket. It puts each connection behind a {@link FrameGuard} and registers its
 * {@link Subscriber} before the 101 goes out, then lets Helidon's {@link WsUpgrader} answer the handshake and run the
 * connection. A handshake for another version than 13 (or none) is not upgraded: it falls through to the HTTP route,
 * which answers 426 with {@code Sec-WebSocket-Version: 13} (Helidon alone would answer 400).
 */
final class PushUpgrader implements Http1Upgrader {

    static final String VERSION = "13";

    private final PushEndpoint endpoint;
    private final PushHub hub;
    private final WsUpgrader helidon = WsUpgrader.create(WsConfig.create());

    PushUpgrader(PushEndpoint endpoint, PushHub hub) {
        this.endpoint = endpoint;
        this.hub = hub;
    }

    @Override
    public String supportedProtocol() {
        return "websocket";
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        if (!prologue.uriPath().path().equals(endpoint.path())) {
            return null;
        }
        endpoint.handshake().accept(headers);
        if (!headers.first(WsUpgrader.WS_VERSION).map(String::strip).filter(VERSION::equals).isPresent()) {
            return null;
        }
        if (!validKey(headers)) {
            // Helidon would let a key that is not base64 escape as a 500
            throw RequestException.builder().type(DirectHandler.EventType.BAD_REQUEST)
                    .message("Sec-WebSocket-Key must be 16 bytes, base64-encoded").build();
        }
        Subscriber subscriber = hub.subscribe();
        FrameGuard guard = new FrameGuard(ctx.dataReader(), endpoint.rules(), endpoint.forwarded(), () -> hub.heard(subscriber),
                subscriber::endOutput);
        ServerConnection connection;
        try {
            connection = helidon.upgrade(new Guarded(ctx, guard), prologue, headers);
        } catch (RuntimeException e) {
            hub.unsubscribe(subscriber); // a bad key: Helidon answers 400
            throw e;
        }
        if (connection == null) {
            hub.unsubscribe(subscriber);
            return null;
        }
        WsSession session = (WsSession) connection;
        guard.session(session);
        return new Connection(connection, session, subscriber);
    }

    /** RFC 6455 §4.1: the key is a base64-encoded 16-byte nonce. */
    private static boolean validKey(WritableHeaders<?> headers) {
        try {
            return headers.first(WsUpgrader.WS_KEY).map(k -> Base64.getDecoder().decode(k.strip()).length == 16).orElse(false);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Helidon's connection, with the subscriber started before it runs and removed when it ends. */
    private final class Connection implements ServerConnection {
        private final ServerConnection delegate;
        private final WsSession session;
        private final Subscriber subscriber;

        Connection(ServerConnection delegate, WsSession session, Subscriber subscriber) {
            this.delegate = delegate;
            this.session = session;
            this.subscriber = subscriber;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            subscriber.start(session, () -> delegate.close(true));
            try {
                delegate.handle(limit);
            } finally {
                hub.unsubscribe(subscriber);
            }
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }
    }

    /** The connection's context, with the guard as the reader Helidon's codec reads frames from. */
    private final class Guarded implements ConnectionContext {
        private final ConnectionContext ctx;
        private final DataReader reader;
        private final DataWriter writer;

        Guarded(ConnectionContext ctx, FrameGuard guard) {
            this.ctx = ctx;
            this.reader = new DataReader(guard);
            this.writer = endpoint.wire().apply(ctx.dataWriter());
        }

        @Override
        public DataReader dataReader() {
            return reader;
        }

        @Override
        public DataWriter dataWriter() {
            return writer;
        }

        @Override
        public ListenerContext listenerContext() {
            return ctx.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return ctx.executor();
        }

        @Override
        public Router router() {
            return ctx.router();
        }

        @Override
        public PeerInfo remotePeer() {
            return ctx.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return ctx.localPeer();
        }

        @Override
        public boolean isSecure() {
            return ctx.isSecure();
        }

        @Override
        public String socketId() {
            return ctx.socketId();
        }

        @Override
        public String childSocketId() {
            return ctx.childSocketId();
        }
    }
}
