package dev.commtck.reference.http;

import io.netty.channel.Channel;

/**
 * Takes a connection over from HTTP when a request asks to switch protocols ({@code Upgrade: websocket}). It runs on
 * the connection's event loop, before routing; it either answers the handshake and replaces the connection's HTTP
 * handlers ({@link HttpServer#HTTP_CODEC}, {@link HttpServer#HTTP_HANDLER}) with its own, or returns false to have the
 * request routed as any other; it may throw {@link HttpError} to refuse the handshake with that status.
 */
@FunctionalInterface
public interface Upgrade {
    boolean upgrade(Request req, Channel channel);
}
