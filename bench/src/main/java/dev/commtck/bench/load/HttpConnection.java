package dev.commtck.bench.load;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One keep-alive HTTP/1.1 connection to 127.0.0.1 over a plain socket: what the load client speaks, so that it costs
 * little per connection (a socket, a 2 KiB buffer) and does exactly one request at a time, with nothing hidden (no
 * pool, no retries). Bodies are bounded ({@link #MAX_BODY}). Reads have no timeout of their own (a timed read costs a
 * timer per read): whoever holds a connection closes it at its own deadline, which ends a read in progress.
 *
 * <p>It buffers what it reads itself rather than through a {@code BufferedInputStream}, which asks the socket how much
 * is available (a system call) after each read.
 */
final class HttpConnection implements Closeable {

    /** The largest response body it reads: the load client's answers are small. */
    static final int MAX_BODY = 1 << 20;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d{1,9})\\s*$");

    /** A response: its status, its headers (names in lower case) and its body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final SocketChannel channel;
    private final InputStream raw;
    private final OutputStream out;
    private final byte[] buf = new byte[2048];
    private int pos;
    private int lim;
    /** Whether {@link Readers} reads this connection (then it closes it too). */
    private volatile boolean listened;
    private final InputStream in = new InputStream() {
        @Override
        public int read() throws IOException {
            return pos < lim || fill() > 0 ? buf[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos < lim) {
                int n = Math.min(len, lim - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
            return raw.read(b, off, len);
        }
    };

    private HttpConnection(SocketChannel channel, InputStream raw, OutputStream out) {
        this.channel = channel;
        this.raw = raw;
        this.out = out;
    }

    /** Connects to 127.0.0.1:{@code port}; a channel, so that {@link #listen} can hand it over to a selector. */
    static HttpConnection open(int port) throws IOException {
        SocketChannel c = SocketChannel.open();
        try {
            Socket s = c.socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
            return new HttpConnection(c, s.getInputStream(), s.getOutputStream());
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /** The bytes of a request; {@code body} null for none. */
    static byte[] request(String method, String target, String contentType, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        if (body == null) {
            return h;
        }
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** Sends a request (built by {@link #request}) and reads its whole response. */
    Response exchange(byte[] request) throws IOException {
        send(request);
        return read();
    }

    void send(byte[] request) throws IOException {
        out.write(request);
        out.flush();
    }

    /** Reads one response: status line, headers, and a body delimited by Content-Length or chunked coding. */
    Response read() throws IOException {
        int status = status(line());
        Map<String, String> headers = headers();
        byte[] body;
        if (status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            body = chunked();
        } else {
            body = in.readNBytes(bounded(Long.parseLong(headers.getOrDefault("content-length", "0").strip())));
        }
        return new Response(status, headers, body);
    }

    /**
     * Hands the connection over to {@link Readers} (see {@link #listen}) to read one response whose body has a
     * {@code Content-Length}: {@code answered} gets it with the time its last byte was read, or {@code null} if the
     * connection ended first or the response is not one this reads. It runs on the readers' thread, so it must be quick.
     */
    void readLater(BiConsumer<Response, Long> answered) throws IOException {
        listen(new Readers.Sink() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private boolean told;

            @Override
            public void read(ByteBuffer b, long nanoTime) throws IOException {
                if (told) {
                    return; // one response is all it reads
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk);
                if (bytes.size() > MAX_BODY) {
                    throw new IOException("a response longer than " + MAX_BODY + " bytes");
                }
                Response r = whole(bytes.toByteArray());
                if (r != null) {
                    told = true;
                    answered.accept(r, nanoTime);
                }
            }

            @Override
            public void ended() {
                if (!told) {
                    told = true;
                    answered.accept(null, System.nanoTime());
                }
            }
        });
    }

    /** The response in {@code bytes} if they hold all of it, else null; read with this class's parser. */
    private static Response whole(byte[] bytes) throws IOException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        Matcher length = CONTENT_LENGTH.matcher(text.substring(0, end));
        if (!length.find()) {
            throw new IOException("a response without Content-Length: " + text.lines().findFirst().orElse(""));
        }
        if (bytes.length < end + 4 + Integer.parseInt(length.group(1))) {
            return null;
        }
        HttpConnection parser = new HttpConnection(null, new ByteArrayInputStream(bytes), null);
        return parser.read();
    }

    /** Reads the status line and headers of a response whose body is read by the caller (an event stream, a 101). */
    Response head() throws IOException {
        int status = status(line());
        return new Response(status, headers(), new byte[0]);
    }

    private int fill() throws IOException {
        pos = 0;
        lim = Math.max(0, raw.read(buf));
        return lim;
    }

    /** The stream after {@link #head}: for reading a stream's body or WebSocket frames. */
    InputStream input() {
        return in;
    }

    OutputStream output() {
        return out;
    }

    /**
     * From now on, what arrives is read by {@link Readers} and handed to {@code sink}, starting with what this connection
     * had read already; the connection can no longer be read or written by its streams, only closed.
     */
    void listen(Readers.Sink sink) throws IOException {
        if (pos < lim) {
            sink.read(ByteBuffer.wrap(buf, pos, lim - pos), System.nanoTime());
            pos = lim;
        }
        listened = true;
        Readers.read(channel, sink);
    }

    private static int status(String line) throws IOException {
        if (!line.startsWith("HTTP/1.1 ") || line.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + line);
        }
        return Integer.parseInt(line.substring(9, 12));
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
            }
            if (headers.size() > 100) {
                throw new IOException("more than 100 header fields");
            }
        }
        return headers;
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            int n = bounded(Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16));
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers, ignored
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(bounded(n)));
            if (body.size() > MAX_BODY) {
                throw new IOException("a body longer than " + MAX_BODY + " bytes");
            }
            line();
        }
    }

    private static int bounded(long n) throws IOException {
        if (n < 0 || n > MAX_BODY) {
            throw new IOException("a body of " + n + " bytes (at most " + MAX_BODY + " are read)");
        }
        return (int) n;
    }

    /** One line ended by CRLF (or LF), without its end; at most 8 KiB. */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < 8192; i++) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the connection closed");
            }
            if (c == '\n') {
                int end = sb.length();
                return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        throw new IOException("a line longer than 8 KiB");
    }

    @Override
    public void close() {
        try {
            if (listened) {
                Readers.close(channel);
            } else {
                channel.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }
}
