package dev.commtck.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * Not the reference server: a baseline for the HTTP comparison. A minimal server on Netty's native epoll event loop
 * ({@link EventLoopServer}), answering {@code GET /hello} with {@code world} and {@code POST /hello} with
 * {@code pong} for {@code ping}, with the reference server's headers. It shows, measured in the same run, what a Java
 * server on an event loop does on this machine: the stack docs/performance.md proposes for the reference's plain-HTTP paths.
 * Run as a process of its own: {@code java -cp commtck-bench.jar dev.commtck.bench.NettyHello PORT}.
 */
public final class NettyHello extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final byte[] WORLD = "world".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    public static void main(String[] args) throws InterruptedException {
        EventLoopServer.serve(Integer.parseInt(args[0]), NettyHello::new);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        byte[] body = !req.method().equals(HttpMethod.POST) ? WORLD
                : req.content().toString(StandardCharsets.UTF_8).strip().equals("ping") ? PONG : EMPTY;
        ctx.writeAndFlush(EventLoopServer.response(HttpResponseStatus.OK, "text/plain; charset=UTF-8", body));
    }
}
