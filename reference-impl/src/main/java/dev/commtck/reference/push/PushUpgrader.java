package dev.commtck.reference.push;

import dev.commtck.reference.http.HttpError;
import dev.commtck.reference.http.HttpServer;
import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Upgrade;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * Takes {@code GET /push} over from HTTP when it carries a WebSocket opening handshake (RFC 6455 §4.2), on the
 * connection's event loop: it answers 101, registers the client's {@link Subscriber} before the 101 is flushed, and
 * puts the WebSocket handlers in place of the HTTP ones: the {@link FrameGuard}, then the {@link PushConnection}, and
 * the mutants' wire rewriter, if any, next to the socket. No extension and no subprotocol is ever negotiated.
 *
 * <p>A request that is no WebSocket handshake, or one for another version than 13 (or none), is left to the HTTP route,
 * which answers 426 with {@code Sec-WebSocket-Version: 13}; a key that is not 16 bytes in base64 is refused with 400.
 */
final class PushUpgrader implements Upgrade {

    static final String VERSION = "13";
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** The request headers the handshake reads, and the mutants' {@code handshake} part may change. */
    private static final List<CharSequence> HANDSHAKE_HEADERS = List.of(HttpHeaderNames.UPGRADE,
            HttpHeaderNames.CONNECTION, HttpHeaderNames.SEC_WEBSOCKET_KEY, HttpHeaderNames.SEC_WEBSOCKET_VERSION);
    private static final String WIRE = "push-wire";
    private static final String FRAMES = "push-frames";
    private static final String CONNECTION = "push-connection";

    private final PushEndpoint endpoint;
    private final PushHub hub;

    PushUpgrader(PushEndpoint endpoint, PushHub hub) {
        this.endpoint = endpoint;
        this.hub = hub;
    }

    @Override
    public boolean upgrade(Request req, Channel channel) {
        if (!req.method().equals("GET")) {
            return false;
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        HANDSHAKE_HEADERS.forEach(name -> headers.add(name, req.headers(name.toString())));
        endpoint.handshake().accept(headers);
        if (!headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                || !headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                || !VERSION.equals(strip(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION)))) {
            return false;
        }
        String key = strip(headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY));
        if (!validKey(key)) {
            throw HttpError.badRequest("Sec-WebSocket-Key must be 16 bytes, base64-encoded");
        }
        PushConnection connection = new PushConnection(hub, endpoint.listener());
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.replace(HttpServer.HTTP_HANDLER, CONNECTION, connection);
        pipeline.remove(HttpServer.EXPECT_CONTINUE);
        // the codec stays until the end, to hand over what the client sent behind its handshake; it writes no more
        ((CombinedChannelDuplexHandler<?, ?>) pipeline.get(HttpServer.HTTP_CODEC)).removeOutboundHandler();
        if (endpoint.wire() != null) {
            pipeline.addFirst(WIRE, endpoint.wire().get());
        }
        channel.write(Unpooled.wrappedBuffer(switchingProtocols(key)));
        // before the 101 is flushed: every notification accepted once the client has it reaches the client
        connection.open(hub.subscribe(channel));
        channel.flush();
        pipeline.addBefore(CONNECTION, FRAMES, new FrameGuard(endpoint.rules(), endpoint.forwarded(), connection));
        pipeline.remove(HttpServer.HTTP_CODEC);
        channel.config().setAutoRead(true); // HTTP may have paused reading for pipelined requests
        return true;
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    /** RFC 6455 §4.1: the key is a base64-encoded 16-byte nonce. */
    private static boolean validKey(String key) {
        try {
            return key != null && Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** RFC 6455 §4.2.2: the 101, whose accept value is the base64 SHA-1 of the key as sent and the GUID. */
    private static byte[] switchingProtocols(String key) {
        byte[] sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
