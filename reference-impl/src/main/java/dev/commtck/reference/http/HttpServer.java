package dev.commtck.reference.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 on Netty's event loops (epoll where the platform has it and the JVM allows native access): requests are parsed and answered on the loop of
 * their connection, a held request (a long poll, an event stream) is an object waiting for its answer, not a thread.
 * Handlers run on a virtual thread each unless they say they never block ({@link Handler#onEventLoop}), so that the
 * journal's disk writes and a database's round trips never hold up a loop.
 */
public final class HttpServer implements AutoCloseable {

    /** The name of each connection's HTTP codec in its pipeline, for an {@link Upgrade} to remove. */
    public static final String HTTP_CODEC = "http-codec";
    /** The name of each connection's request handler in its pipeline, for an {@link Upgrade} to remove. */
    public static final String HTTP_HANDLER = "http-handler";
    /** The name of each connection's {@code 100 Continue} handler in its pipeline, for an {@link Upgrade} to remove. */
    public static final String EXPECT_CONTINUE = "expect-continue";

    /** The longest request line, and the largest header section, the server reads (then 414 and 431). */
    static final int MAX_REQUEST_LINE = 8192;
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private final EventLoopGroup loops;
    private final Channel listener;
    private final ExecutorService blocking;
    private final Routes routes;

    private HttpServer(EventLoopGroup loops, Channel listener, ExecutorService blocking, Routes routes) {
        this.loops = loops;
        this.listener = listener;
        this.blocking = blocking;
        this.routes = routes;
    }

    /**
     * Serves {@code routes} on {@code host}:{@code port} (0 picks a free port), refusing request bodies over
     * {@code maxBodyBytes} with 413, on {@code loopThreads} event loops.
     */
    public static HttpServer start(String host, int port, long maxBodyBytes, int loopThreads, Routes routes) {
        boolean epoll = nativeAccessAllowed() && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(loopThreads,
                Thread.ofPlatform().name("http-loop-", 0).daemon().factory(), io);
        ExecutorService blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory());
        try {
            Channel listener = new ServerBootstrap().group(loops).channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(HTTP_CODEC, new HttpServerCodec(MAX_REQUEST_LINE, MAX_HEADER_BYTES, 8192))
                                    .addLast(EXPECT_CONTINUE, new HttpServerExpectContinueHandler())
                                    .addLast(HTTP_HANDLER, new Connection(routes, blocking, maxBodyBytes));
                        }
                    })
                    .bind(host, port).syncUninterruptibly().channel();
            return new HttpServer(loops, listener, blocking, routes);
        } catch (RuntimeException e) {
            loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            blocking.shutdownNow();
            throw e;
        }
    }

    /**
     * Whether Netty may load its epoll library without the JVM warning about it: from JDK 22 on, only with
     * {@code --enable-native-access} (commtck's jar says so in its manifest); elsewhere the server runs on Java's own
     * selectors.
     */
    private static boolean nativeAccessAllowed() {
        try {
            return (boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(HttpServer.class.getModule());
        } catch (ReflectiveOperationException e) {
            return true; // before JDK 22 there is nothing to allow
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops accepting, closes every connection, then tells each service the server has stopped. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
        routes.services().forEach(Service::afterStop);
    }
}
