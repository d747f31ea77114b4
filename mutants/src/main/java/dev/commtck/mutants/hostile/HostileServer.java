package dev.commtck.mutants.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A target that misbehaves below HTTP semantics: it never answers, answers forever, answers with something that is not
 * HTTP... The kit must end every check against it in FAIL or ERROR within the check's bound, never hang or run out of
 * memory. A plain socket server, one virtual thread per connection.
 */
public final class HostileServer implements AutoCloseable {

    /** What the server does once a request's header section has arrived; true to read the next request. */
    @FunctionalInterface
    interface Behaviour {
        boolean serve(Socket socket, InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    /**
     * A kind of hostile target.
     *
     * @param id          stable name
     * @param description what it does, in words
     */
    public record Kind(String id, String description, Behaviour behaviour) {
        @Override
        public String toString() {
            return id;
        }
    }

    private static final byte[] HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n".getBytes(StandardCharsets.US_ASCII);

    public static final List<Kind> KINDS = List.of(
            new Kind("silent", "accepts connections, reads the request, never answers", (s, in, out) -> {
                drainForever(in);
                return false;
            }),
            new Kind("endless-body", "answers 200 with a body that never ends", (s, in, out) -> {
                out.write(HEAD);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                writeForever(out);
                return false;
            }),
            new Kind("huge-header", "answers with a 1 MiB header field", (s, in, out) -> {
                out.write(HEAD);
                out.write("X-Huge: ".getBytes(StandardCharsets.US_ASCII));
                out.write("a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII));
                out.write("\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                drainForever(in);
                return false;
            }),
            new Kind("body-beyond-length", "declares Content-Length: 4 and sends 64 MiB", (s, in, out) -> {
                out.write(HEAD);
                out.write("Content-Length: 4\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 1024; i++) {
                    out.write(chunk);
                }
                out.flush();
                return false;
            }),
            new Kind("reset", "reads the request, then resets the connection", (s, in, out) -> {
                s.setSoLinger(true, 0); // close() now sends RST instead of FIN
                return false;
            }),
            new Kind("not-http", "answers with an SSH banner and binary noise instead of HTTP", (s, in, out) -> {
                out.write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[] {0, 0, 0, 0x1c, 0x0a, 0x14, (byte) 0xff, (byte) 0xfe});
                out.flush();
                drainForever(in);
                return false;
            }),
            new Kind("noise", "answers with a line of every byte but CR and LF, control characters too", (s, in, out) -> {
                for (int b = 0; b < 256; b++) {
                    out.write(b == '\r' || b == '\n' ? '.' : b);
                }
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                drainForever(in);
                return false;
            }),
            new Kind("redirect-elsewhere", "answers every request 302 to another host", (s, in, out) -> {
                out.write(("HTTP/1.1 302 Found\r\nLocation: http://commtck-elsewhere.invalid/\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return true;
            }));

    private static final byte[] ROOT_OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private HostileServer(ServerSocket listener, Kind kind, boolean healthyRoot) {
        this.listener = listener;
        this.acceptor = Thread.ofVirtual().name("hostile-" + kind.id()).start(() -> accept(kind, healthyRoot));
    }

    /**
     * Starts a hostile server. With {@code healthyRoot} it answers {@code GET /} properly and misbehaves on every
     * other request: it passes the runner's pre-flight, so the suites themselves meet the misbehaviour.
     */
    public static HostileServer start(Kind kind, boolean healthyRoot, String host, int port) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1024);
        return new HostileServer(ss, kind, healthyRoot);
    }

    private void accept(Kind kind, boolean healthyRoot) {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                open.add(s);
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        for (String line = readRequestHead(in); line != null; line = readRequestHead(in)) {
                            if (healthyRoot && line.startsWith("GET / ")) {
                                out.write(ROOT_OK);
                                out.flush();
                            } else if (!kind.behaviour().serve(s, in, out)) {
                                return;
                            }
                        }
                    } catch (IOException | InterruptedException ignored) {
                        // the client gave up, which is what a hostile server expects
                    } finally {
                        open.remove(s);
                    }
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
        acceptor.interrupt();
    }

    /**
     * Reads a request's header section up to its blank line, and a body announced by Content-Length; returns the
     * request line, or null when the client closed first.
     */
    private static String readRequestHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                String text = head.toString();
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(text);
                if (length.find()) {
                    in.skipNBytes(Long.parseLong(length.group(1)));
                }
                return text.substring(0, text.indexOf("\r\n"));
            }
            if (head.length() > 1 << 16) {
                return null; // not a request this server cares to read
            }
        }
        return null;
    }

    private static void drainForever(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        while (in.read(sink) >= 0) {
            // keep the connection open and answer nothing
        }
    }

    private static void writeForever(OutputStream out) throws IOException {
        byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
        try {
            while (true) {
                out.write(chunk);
            }
        } catch (SocketException closedByClient) {
            // the client stopped reading: the only way this ends
        }
    }
}
