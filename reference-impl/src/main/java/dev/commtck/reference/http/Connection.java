package dev.commtck.reference.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One connection's requests, one at a time: a request's body is gathered (up to the limit, else 413), the request is
 * routed and handed to its handler, and the requests that arrive before it is answered (pipelined) wait in order. A
 * request the codec could not parse is answered 4xx and the connection closed, as is one with a body over the limit.
 * A client that closes its side while its request is held has gone away, as Node and Go take it: the connection is
 * closed, and the request's handler told ({@link Response#onClose}). Runs on the connection's event loop; handlers
 * answer from any thread.
 */
final class Connection extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    /** How long a refused client may go on sending before its connection is closed. */
    private static final Duration LINGER = Duration.ofSeconds(2);

    private final Routes routes;
    private final ExecutorService blocking;
    private final long maxBodyBytes;
    /** Messages that arrived while a request was being answered. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private HttpRequest head;
    /** The body of the request being read, as the pieces it arrived in; null until the first. */
    private List<byte[]> pieces;
    private long bodyBytes;
    /** The request being answered, if any. */
    private Exchange answering;
    /** A response went wrong, or the client is to be cut off: everything read from now on is dropped. */
    private boolean closing;

    Connection(Routes routes, ExecutorService blocking, long maxBodyBytes) {
        this.routes = routes;
        this.blocking = blocking;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (answering != null || !waiting.isEmpty()) {
            waiting.add(msg);
            ctx.channel().config().setAutoRead(false); // a pipelining client waits until its earlier requests are answered
        } else {
            read(msg);
        }
    }

    private void read(Object msg) {
        try {
            if (msg instanceof HttpRequest r) {
                begin(r);
            }
            if (msg instanceof HttpContent c && head != null) {
                content(c);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(HttpRequest r) {
        if (r.decoderResult().isFailure()) {
            refuse(statusFor(r.decoderResult().cause()), "malformed request: " + r.decoderResult().cause().getMessage());
            return;
        }
        if (!r.protocolVersion().equals(HttpVersion.HTTP_1_1) && !r.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            refuse(HttpResponseStatus.BAD_REQUEST, "this server speaks HTTP/1.0 and HTTP/1.1");
            return;
        }
        long length = HttpUtil.getContentLength(r, -1L);
        if (length > maxBodyBytes) {
            refuse(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "a request body has at most " + maxBodyBytes + " bytes");
            return;
        }
        head = r;
        pieces = null;
        bodyBytes = 0;
    }

    private void content(HttpContent c) {
        if (c.decoderResult().isFailure()) {
            refuse(HttpResponseStatus.BAD_REQUEST, "malformed request body: " + c.decoderResult().cause().getMessage());
            return;
        }
        if (c.content().isReadable()) {
            bodyBytes += c.content().readableBytes();
            if (bodyBytes > maxBodyBytes) {
                refuse(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "a request body has at most " + maxBodyBytes + " bytes");
                return;
            }
            if (pieces == null) {
                pieces = new ArrayList<>(1);
            }
            pieces.add(ByteBufUtil.getBytes(c.content()));
        }
        if (c instanceof LastHttpContent) {
            List<byte[]> arrived = pieces == null ? List.of() : pieces;
            pieces = null;
            HttpRequest r = head;
            head = null;
            dispatch(r, Pieces.joined(arrived, (int) bodyBytes), arrived);
        }
    }

    private void dispatch(HttpRequest r, byte[] bytes, List<byte[]> pieces) {
        Exchange exchange;
        try {
            exchange = new Exchange(this, r, bytes, pieces, ctx.channel());
        } catch (IllegalArgumentException e) {
            refuse(HttpResponseStatus.BAD_REQUEST, "malformed request target: " + e.getMessage());
            return;
        }
        answering = exchange;
        if (r.headers().contains(HttpHeaderNames.UPGRADE)) {
            Upgrade upgrade = routes.upgradeAt(exchange.path()).orElse(null);
            boolean upgraded;
            try {
                upgraded = upgrade != null && upgrade.upgrade(exchange, ctx.channel());
            } catch (RuntimeException e) {
                failed(exchange, e); // a refused handshake (an HttpError) is answered with its status
                return;
            }
            if (upgraded) {
                answering = null;
                waiting.forEach(ReferenceCountUtil::release);
                waiting.clear();
                return;
            }
        }
        Routes.Match match = routes.match(exchange.method(), exchange.path());
        exchange.parameters(match.parameters());
        Runnable handle = () -> handle(match.handler(), exchange);
        if (match.handler() instanceof Handler.OnEventLoop) {
            handle.run();
        } else {
            blocking.execute(handle);
        }
    }

    private void handle(Handler handler, Exchange exchange) {
        try {
            handler.handle(exchange, exchange);
        } catch (Throwable t) {
            failed(exchange, t);
        }
    }

    /** A handler threw: its refusal is answered, anything else is the server's fault (500). */
    private void failed(Exchange exchange, Throwable t) {
        if (exchange.started()) {
            LOG.log(System.Logger.Level.WARNING, "failed after answering " + exchange.method() + " " + exchange.path(), t);
            ctx.channel().close();
            return;
        }
        if (t instanceof HttpError e) {
            exchange.status(e.status()).header("Content-Type", "text/plain; charset=UTF-8").send(e.getMessage());
            return;
        }
        var handler = routes.errorHandler(t);
        if (handler.isPresent()) {
            handler.get().handle(exchange, exchange, t);
            return;
        }
        LOG.log(System.Logger.Level.ERROR, "failed to answer " + exchange.method() + " " + exchange.path(), t);
        exchange.status(Status.INTERNAL_SERVER_ERROR).header("Content-Type", "text/plain; charset=UTF-8")
                .send("the server failed to answer this request");
    }

    /**
     * Writes {@code exchange}'s response head (and its body, when {@code whole}), on the event loop whatever thread
     * answered; after a whole answer the connection reads its next request, or closes when the client or the request
     * asked for that.
     */
    void write(Exchange exchange, HttpResponse res, boolean whole) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> write(exchange, res, whole));
            return;
        }
        HttpRequest r = exchange.request();
        boolean keepAlive = whole ? HttpUtil.isKeepAlive(r) && !closing
                : r.protocolVersion().equals(HttpVersion.HTTP_1_1) && HttpUtil.isKeepAlive(r);
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, "close");
        } else if (r.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            res.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
        }
        var written = ctx.writeAndFlush(res);
        if (!keepAlive && whole) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        if (whole) {
            answered(exchange, keepAlive);
        }
    }

    private void answered(Exchange exchange, boolean keepAlive) {
        if (answering != exchange) {
            return;
        }
        answering = null;
        if (!keepAlive) {
            closing = true;
            waiting.forEach(ReferenceCountUtil::release);
            waiting.clear();
            return; // the response's write closes the connection
        }
        while (answering == null && !closing && !waiting.isEmpty()) {
            read(waiting.poll());
        }
        if (waiting.isEmpty() && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * Answers a request the server will not route, and closes the connection: its side at once, the whole once the
     * client has closed its side or {@link #LINGER} has passed. Reading on meanwhile (and dropping what is read) keeps a
     * client that is still sending from being reset, which could make it lose the answer.
     */
    private void refuse(HttpResponseStatus status, String reason) {
        closing = true;
        head = null;
        pieces = null;
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(reason, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, "close")
                .set(HttpHeaderNames.DATE, Exchange.date());
        ctx.writeAndFlush(res).addListener(written -> {
            if (written.isSuccess() && ctx.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }

    private static HttpResponseStatus statusFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (cause instanceof TooLongFrameException) {
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pieces = null;
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // the connection failed (reset by the client, say): there is no one to answer
    }

}
