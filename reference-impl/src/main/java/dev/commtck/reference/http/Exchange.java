package dev.commtck.reference.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One request and its response, on Netty: what a handler is given as its {@link Request} and its {@link Response}. */
final class Exchange implements Request, Response {

    /** The Date header's value, made once a second. */
    private record CachedDate(long second, String text) {
    }

    private static volatile CachedDate cachedDate = new CachedDate(-1, "");
    /** Response headers: their values are the server's own, so they are not checked for line breaks on every request. */
    private static final HttpHeadersFactory RESPONSE_HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withValueValidation(false);

    private final Connection connection;
    private final HttpRequest request;
    private final byte[] body;
    /** The body as the pieces it arrived in. */
    private final List<byte[]> pieces;
    private final Channel channel;
    private final String path;
    private final Map<String, List<String>> query;
    private final HttpHeaders headers = RESPONSE_HEADERS.newHeaders();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Stream stream;
    /** What {@link #onClose} registered, removed once the answer is sent whole. */
    private final List<GenericFutureListener<Future<Void>>> closeListeners = new ArrayList<>(0);
    private Map<String, String> parameters = Map.of();
    private int status = Status.OK;

    /** @throws IllegalArgumentException when the request target is not well percent-encoded */
    Exchange(Connection connection, HttpRequest request, byte[] body, List<byte[]> pieces, Channel channel) {
        this.connection = connection;
        this.request = request;
        this.body = body;
        this.pieces = pieces;
        this.channel = channel;
        String target = originForm(request.uri());
        if (target.indexOf('?') < 0 && target.indexOf('%') < 0) {
            this.path = target; // nothing to decode: most requests
            this.query = Map.of();
        } else {
            QueryStringDecoder decoded = new QueryStringDecoder(target, StandardCharsets.UTF_8, true, 1024, true);
            this.path = decoded.path();
            this.query = decoded.parameters();
        }
    }

    /** The path and query of a request target, also when it came in absolute form ({@code http://host/path}). */
    private static String originForm(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            throw new IllegalArgumentException("not a path: " + uri);
        }
        int slash = uri.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : uri.substring(slash);
    }

    void parameters(Map<String, String> p) {
        parameters = p;
    }

    boolean started() {
        return started.get();
    }

    boolean streaming() {
        return stream != null;
    }

    HttpRequest request() {
        return request;
    }

    // ---- Request

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String pathParameter(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("the route's path has no {" + name + "}");
        }
        return value;
    }

    @Override
    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.headers().get(name));
    }

    @Override
    public List<String> headers(String name) {
        return request.headers().getAll(name);
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public List<byte[]> bodyPieces() {
        return Collections.unmodifiableList(pieces);
    }

    @Override
    public String client() {
        return String.valueOf(channel.remoteAddress());
    }

    // ---- Response

    @Override
    public Response status(int s) {
        status = s;
        return this;
    }

    @Override
    public Response header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    @Override
    public void send(byte[] bytes) {
        begin();
        HttpResponseStatus s = HttpResponseStatus.valueOf(status);
        DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s, Unpooled.wrappedBuffer(bytes),
                headers, EmptyHttpHeaders.INSTANCE);
        if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH) && status >= 200 && status != 204 && status != 304) {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        }
        forgetCloseListeners();
        connection.write(this, res, true);
    }

    @Override
    public void sendBodyEvenToHead(byte[] bytes) {
        send(bytes);
        if (request.method().equals(HttpMethod.HEAD)) {
            // the codec leaves a HEAD response's body out: written below it, on the event loop, after the header section
            ChannelHandlerContext wire = channel.pipeline().context(HttpServer.HTTP_CODEC);
            channel.eventLoop().execute(() -> wire.writeAndFlush(Unpooled.wrappedBuffer(bytes)));
        }
    }

    @Override
    public synchronized ResponseStream stream() {
        if (stream != null) {
            return stream;
        }
        begin();
        stream = new Stream();
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), headers);
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        }
        connection.write(this, res, false);
        return stream;
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public void onClose(Runnable r) {
        GenericFutureListener<Future<Void>> listener = f -> r.run();
        synchronized (closeListeners) {
            closeListeners.add(listener);
        }
        channel.closeFuture().addListener(listener);
    }

    /** The answer is complete: a later close of the (kept-alive) connection is no longer this request's business. */
    private void forgetCloseListeners() {
        synchronized (closeListeners) {
            closeListeners.forEach(channel.closeFuture()::removeListener);
            closeListeners.clear();
        }
    }

    private void begin() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("this request has been answered already");
        }
        if (!headers.contains(HttpHeaderNames.DATE)) {
            headers.set(HttpHeaderNames.DATE, date());
        }
    }

    /** The current time as an HTTP date, made at most once a second. */
    static String date() {
        long second = System.currentTimeMillis() / 1000;
        CachedDate d = cachedDate;
        if (d.second() != second) {
            d = new CachedDate(second, DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
            cachedDate = d;
        }
        return d.text();
    }

    /** The body of a streamed response: each write is flushed at once, and counted until the network has it. */
    private final class Stream implements ResponseStream {
        private final AtomicLong unsent = new AtomicLong();
        private volatile boolean ended;

        @Override
        public boolean write(byte[] bytes) {
            if (ended || !channel.isActive()) {
                return false;
            }
            int n = bytes.length;
            unsent.addAndGet(n);
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes))).addListener(f -> {
                unsent.addAndGet(-n);
                if (!f.isSuccess()) {
                    close();
                }
            });
            return true;
        }

        @Override
        public long unsentBytes() {
            return unsent.get();
        }

        @Override
        public void close() {
            ended = true;
            channel.close();
        }
    }
}
