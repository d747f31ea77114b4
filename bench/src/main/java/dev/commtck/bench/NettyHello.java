package dev.commtck.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Not the reference server: a baseline for the HTTP comparison. A minimal server on Netty's native epoll event loop,
 * one thread (as nginx's one worker), answering {@code GET /hello} with {@code world} and {@code POST /hello} with
 * {@code pong} for {@code ping}, with the reference server's headers. It shows, measured in the same run, what a Java
 * server on an event loop does on this machine: the stack the README proposes for the reference's plain-HTTP paths.
 * Run as a process of its own: {@code java -cp commtck-bench.jar dev.commtck.bench.NettyHello PORT}.
 */
public final class NettyHello {

    private static final byte[] WORLD = "world".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private NettyHello() {
    }

    public static void main(String[] args) throws InterruptedException {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Hello());
                        }
                    })
                    .bind("127.0.0.1", Integer.parseInt(args[0])).sync().channel().closeFuture().sync();
        } finally {
            loop.shutdownGracefully();
        }
    }

    private static final class Hello extends SimpleChannelInboundHandler<FullHttpRequest> {
        /** The Date header, formatted once a second as nginx and Helidon do. */
        private String date = "";
        private long dateSecond = -1;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            byte[] body = !req.method().equals(HttpMethod.POST) ? WORLD
                    : req.content().toString(StandardCharsets.UTF_8).strip().equals("ping") ? PONG : EMPTY;
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.DATE, date())
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            ctx.writeAndFlush(res);
        }

        private String date() {
            long second = System.currentTimeMillis() / 1000;
            if (second != dateSecond) {
                dateSecond = second;
                date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
            }
            return date;
        }
    }
}
