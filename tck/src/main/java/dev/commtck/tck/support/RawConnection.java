package dev.commtck.tck.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * A connection to the target (TCP, or TLS for an {@code https} target), for the checks a well-behaved HTTP client cannot make: a body sent in pieces
 * with a pause, several requests on one connection, bytes after a {@code HEAD} response. It writes exactly the bytes
 * it is given and parses HTTP/1.1 responses itself, within the same time and size bounds as {@link HttpProbe}.
 */
public final class RawConnection implements AutoCloseable {

    /** What a watch over a quiet window saw. */
    public enum Watch { SILENT, DATA, CLOSED }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Tolerances tolerances;
    private final Evidence evidence;
    private final Endpoint endpoint;

    private RawConnection(Socket socket, Tolerances tolerances, Evidence evidence, Endpoint endpoint) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.tolerances = tolerances;
        this.evidence = evidence;
        this.endpoint = endpoint;
    }

    /** A new connection to the endpoint (over TLS for {@code https}), made within {@link Tolerances#response}. */
    public static RawConnection open(Endpoint endpoint, Tolerances tolerances, Evidence evidence) {
        String where = endpoint.host() + ":" + endpoint.port();
        Socket s = null;
        try {
            s = endpoint.connect(tolerances.response());
            return new RawConnection(s, tolerances, evidence, endpoint);
        } catch (ConnectException | UnknownHostException e) {
            throw new EvaluationError("cannot connect to " + where + ": " + e.getMessage(), e);
        } catch (SSLException e) {
            // the pre-flight has already accepted this server's TLS: a handshake failing now is the server's doing
            throw new ConformanceFailure("a TLS connection to " + where, "the handshake failed: " + e.getMessage(), "");
        } catch (IOException e) {
            if (s != null) {
                close(s);
            }
            throw new ConformanceFailure("a TCP connection to " + where, "it failed: " + e, "");
        }
    }

    /**
     * The request line and header section of a request on this connection, ending with the blank line:
     * {@code requestHead("POST", "/hello", "Content-Length: 4")}. The path is relative to the target's base, as every
     * path of the kit is; the headers the user gave for every request follow the ones given here.
     */
    public String requestHead(String method, String path, String... headerLines) {
        evidence.requested(method, endpoint.uri(path));
        StringBuilder sb = new StringBuilder(method).append(' ').append(endpoint.requestTarget(path))
                .append(" HTTP/1.1\r\nHost: ").append(endpoint.hostHeader()).append("\r\nUser-Agent: CommTCK\r\n");
        for (String h : headerLines) {
            sb.append(h).append("\r\n");
        }
        endpoint.headers().forEach((name, value) -> {
            if (Arrays.stream(headerLines).noneMatch(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))) {
                sb.append(name).append(": ").append(value).append("\r\n");
            }
        });
        return sb.append("\r\n").toString();
    }

    /** Writes the bytes at once, as one TCP write; {@code what} names them in the evidence. */
    public void send(String what, byte[] bytes) {
        long t = evidence.now();
        try {
            out.write(bytes);
            out.flush();
            evidence.record(t, "raw → " + what + " (" + bytes.length + " bytes)", Map.of("sent", escaped(bytes)));
        } catch (IOException e) {
            evidence.record(t, "raw → " + what + ": write failed: " + e.getMessage(), Map.of("sent", escaped(bytes)));
            throw new ConformanceFailure("the connection to accept " + what, "writing failed: " + e, "");
        }
    }

    public void send(String what, String ascii) {
        send(what, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The socket and its streams, for the protocol that follows a {@code 101 Switching Protocols} read with
     * {@link #readResponse}: the input stream is the same buffered one, so bytes that came right after the response
     * are not lost. The connection still closes the socket when the test ends.
     */
    public Upgraded upgraded() {
        return new Upgraded(socket, in, out);
    }

    /** A connection after a protocol switch. */
    public record Upgraded(Socket socket, InputStream in, OutputStream out) {
    }

    /** Watches the connection for {@code window} without consuming what arrives. */
    public Watch watch(Duration window) {
        long t = evidence.now();
        Watch w;
        try {
            socket.setSoTimeout((int) Math.max(1, window.toMillis()));
            in.mark(1);
            w = in.read() < 0 ? Watch.CLOSED : Watch.DATA;
            in.reset();
        } catch (SocketTimeoutException e) {
            w = Watch.SILENT;
        } catch (IOException e) {
            w = Watch.CLOSED;
        }
        evidence.record(t, "raw: watched " + window.toMillis() + " ms: " + switch (w) {
            case SILENT -> "nothing arrived";
            case DATA -> "data arrived";
            case CLOSED -> "the peer closed the connection";
        }, Map.of());
        return w;
    }

    /** Reads one response within {@link Tolerances#response}; a response to HEAD has no body whatever it declares. */
    public RawResponse readResponse(boolean toHead) {
        long t = evidence.now();
        long deadline = System.nanoTime() + tolerances.response().toNanos();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try {
            String statusLine = line(deadline, wire);
            List<String[]> headers = new ArrayList<>();
            for (String l = line(deadline, wire); !l.isEmpty(); l = line(deadline, wire)) {
                int colon = l.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed header line " + Text.quote(l));
                }
                headers.add(new String[] {l.substring(0, colon).strip(), l.substring(colon + 1).strip()});
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: " + Text.quote(statusLine));
            }
            int status = Integer.parseInt(parts[1]);
            RawResponse partial = new RawResponse(parts[0], status, headers, new byte[0], "");
            byte[] body = new byte[0];
            String framing = "none";
            if (!toHead && status >= 200 && status != 204 && status != 304) {
                if (partial.header("transfer-encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false)) {
                    framing = "chunked";
                    body = chunked(deadline, wire);
                } else if (partial.header("content-length").isPresent()) {
                    framing = "content-length";
                    body = exactly(Integer.parseInt(partial.header("content-length").get().strip()), deadline, wire);
                } else {
                    framing = "close";
                    body = untilClose(deadline, wire);
                }
            }
            RawResponse r = new RawResponse(parts[0], status, headers, body, framing);
            evidence.record(t, "raw ← " + statusLine + " (" + framing + ", " + body.length + "-byte body)",
                    Map.of("received", escaped(wire.toByteArray())));
            return r;
        } catch (SocketTimeoutException e) {
            evidence.record(t, "raw ← no complete response", Map.of("received", escaped(wire.toByteArray())));
            throw new TimeoutFailure("a complete response within " + tolerances.response().toMillis()
                    + " ms (tolerance 'response')", "after " + wire.size() + " bytes nothing more came", "");
        } catch (IOException | RuntimeException e) {
            evidence.record(t, "raw ← unreadable response: " + e.getMessage(), Map.of("received", escaped(wire.toByteArray())));
            throw new ConformanceFailure("a well-formed HTTP/1.1 response", "the response could not be read: " + e.getMessage(),
                    "");
        }
    }

    private int read(long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        return in.read();
    }

    private String line(long deadline, ByteArrayOutputStream wire) throws IOException {
        ByteArrayOutputStream l = new ByteArrayOutputStream();
        while (true) {
            int b = read(deadline);
            if (b < 0) {
                throw new IOException(wire.size() == 0 ? "the server closed the connection without answering"
                        : "connection closed in the middle of the header section");
            }
            wire.write(b);
            if (wire.size() > HttpProbe.MAX_HEADER_BYTES) {
                throw new IOException("header section longer than " + HttpProbe.MAX_HEADER_BYTES + " bytes");
            }
            if (b == '\n') {
                byte[] bytes = l.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            l.write(b);
        }
    }

    private byte[] exactly(int length, long deadline, ByteArrayOutputStream wire) throws IOException {
        if (length < 0 || length > HttpProbe.MAX_BODY) {
            throw new IOException("Content-Length " + length + " is outside what the kit reads (0.." + HttpProbe.MAX_BODY + ")");
        }
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            int b = read(deadline);
            if (b < 0) {
                throw new IOException("connection closed after " + i + " of " + length + " body bytes");
            }
            body[i] = (byte) b;
            wire.write(b);
        }
        return body;
    }

    private byte[] chunked(long deadline, ByteArrayOutputStream wire) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(deadline, wire);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
            if (size == 0) {
                while (!line(deadline, wire).isEmpty()) {
                    // trailer fields are not used by any requirement
                }
                return body.toByteArray();
            }
            if (body.size() + size > HttpProbe.MAX_BODY) {
                throw new IOException("chunked body longer than " + HttpProbe.MAX_BODY + " bytes");
            }
            body.writeBytes(exactly(size, deadline, wire));
            if (!line(deadline, wire).isEmpty()) {
                throw new IOException("chunk of " + size + " bytes not followed by CRLF");
            }
        }
    }

    private byte[] untilClose(long deadline, ByteArrayOutputStream wire) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int b = read(deadline); b >= 0; b = read(deadline)) {
            if (body.size() >= HttpProbe.MAX_BODY) {
                throw new IOException("body longer than " + HttpProbe.MAX_BODY + " bytes");
            }
            body.write(b);
            wire.write(b);
        }
        return body.toByteArray();
    }

    /** Bytes as the evidence shows them: CR and LF visible, everything else as text. */
    static String escaped(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, 8192), StandardCharsets.ISO_8859_1)
                .replace("\r", "\\r").replace("\n", "\\n\n");
        return bytes.length > 8192 ? s + "\n… [" + (bytes.length - 8192) + " more bytes]" : s;
    }

    @Override
    public void close() {
        close(socket);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort; nothing depends on it
        }
    }
}
