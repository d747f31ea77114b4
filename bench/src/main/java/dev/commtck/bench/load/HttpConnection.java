package dev.commtck.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

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

    /** A response: its status, its headers (names in lower case) and its body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream raw;
    private final OutputStream out;
    private final byte[] buf = new byte[2048];
    private int pos;
    private int lim;
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

    private HttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.raw = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:{@code port}. */
    static HttpConnection open(int port) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
            return new HttpConnection(s);
        } catch (IOException e) {
            s.close();
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
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
