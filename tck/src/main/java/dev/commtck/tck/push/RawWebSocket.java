package dev.commtck.tck.push;

import dev.commtck.tck.support.ConformanceFailure;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.RawConnection;
import dev.commtck.tck.support.RawResponse;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.TimeoutFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A WebSocket client that writes exactly the frames it is told to, for what a well-behaved library refuses to send
 * (unmasked frames, reserved bits and opcodes, oversized or fragmented control frames, invalid UTF-8, bad close
 * payloads), and reads frames off the wire as they are, so that frame-level checks judge the server's bytes, not a
 * library's reading of them. Every frame sent and received goes into the evidence; every read is bounded in time and
 * in bytes.
 */
final class RawWebSocket {

    /** The GUID of RFC 6455 §1.3 that the accept value hashes with the key. */
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** A frame longer than this is not read: the server sends nothing this long in this contract. */
    static final int MAX_FRAME_BYTES = 1 << 20;
    /** What one connection reads at most, so that an endless server cannot exhaust the kit's memory. */
    static final long MAX_READ_BYTES = 64L << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a bounded read saw. */
    sealed interface Read {
    }

    /** A frame arrived. */
    record Got(WireFrame frame) implements Read {
    }

    /** The server closed the TCP connection (possibly in the middle of a frame). */
    record Eof(long atMs) implements Read {
    }

    /** Nothing (more) arrived in time. */
    record Quiet(long atMs) implements Read {
    }

    private final InputStream in;
    private final OutputStream out;
    private final java.net.Socket socket;
    private final Evidence evidence;
    private final List<WireFrame> received = new ArrayList<>();
    private long bytesRead;

    private RawWebSocket(RawConnection.Upgraded upgraded, Evidence evidence) {
        this.in = upgraded.in();
        this.out = upgraded.out();
        this.socket = upgraded.socket();
        this.evidence = evidence;
    }

    /** A fresh {@code Sec-WebSocket-Key}: 16 random bytes, base64. */
    static String newKey() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The {@code Sec-WebSocket-Accept} a server must answer {@code key} with (RFC 6455 §4.2.2). */
    static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** The header lines of an ordinary opening handshake with this key. */
    static String[] handshakeHeaders(String key) {
        return new String[] {"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + key,
                "Sec-WebSocket-Version: 13"};
    }

    /** Sends an opening handshake with these header lines on a new connection and reads the answer. */
    static RawResponse handshake(RawConnection c, String path, String... headerLines) {
        c.send("GET " + path + " (opening handshake)", c.requestHead("GET", path, headerLines));
        return c.readResponse(false);
    }

    /** A connection to the push resource, past an ordinary handshake that the server must accept. */
    static RawWebSocket open(Target target) {
        RawConnection c = target.raw();
        String path = target.path(PushPaths.SOCKET);
        RawResponse r = handshake(c, path, handshakeHeaders(newKey()));
        if (r.status() != 101) {
            throw new ConformanceFailure("101 Switching Protocols to a WebSocket handshake on " + path,
                    "the answer was " + r.summary(), "");
        }
        return new RawWebSocket(c.upgraded(), target.evidence());
    }

    /** Drops the connection without a close handshake (for a handshake-only probe); the test's end would too. */
    void close() {
        try {
            socket.close();
        } catch (java.io.IOException ignored) {
            // already gone: nothing to release
        }
    }

    /** Writes one frame exactly as described (masked with a random key when {@code masked}). */
    void send(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | opcode & 0xf);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length <= 0xffff) {
            frame.write(maskBit | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] key = new byte[4];
        if (masked) {
            RANDOM.nextBytes(key);
            frame.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ key[i & 3]);
        }
        WireFrame sent = new WireFrame(fin, rsv, opcode, masked, payload, evidence.now());
        try {
            out.write(frame.toByteArray());
            out.flush();
            evidence.record(sent.atMs(), "ws → " + sent.describe(), Map.of());
        } catch (IOException e) {
            evidence.record(sent.atMs(), "ws → " + sent.describe() + ": write failed: " + e.getMessage(), Map.of());
            throw new ConformanceFailure("the connection to accept the frame " + sent.describe(), "writing failed: " + e, "");
        }
    }

    /** A well-formed client frame: final, masked, no RSV bits. */
    void send(int opcode, byte[] payload) {
        send(true, 0, opcode, true, payload);
    }

    void sendText(String text) {
        send(WireFrame.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the next frame if one arrives within {@code within}. */
    Read read(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        long t = evidence.now();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try {
            int b0 = next(deadline, wire, true);
            if (b0 < 0) {
                evidence.record(t, "ws ← the server closed the TCP connection", Map.of());
                return new Eof(evidence.now());
            }
            int b1 = next(deadline, wire, false);
            long length = b1 & 0x7f;
            int extra = length == 126 ? 2 : length == 127 ? 8 : 0;
            if (extra > 0) {
                length = 0;
                for (int i = 0; i < extra; i++) {
                    length = length << 8 | next(deadline, wire, false);
                }
            }
            if (length < 0 || length > MAX_FRAME_BYTES) {
                throw new ConformanceFailure("frames of at most " + MAX_FRAME_BYTES + " bytes", "a frame announced "
                        + length + " bytes", "");
            }
            byte[] key = new byte[4];
            boolean masked = (b1 & 0x80) != 0;
            if (masked) {
                for (int i = 0; i < 4; i++) {
                    key[i] = (byte) next(deadline, wire, false);
                }
            }
            byte[] payload = payload((int) length, deadline, wire);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
            WireFrame f = new WireFrame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0xf, masked, payload, evidence.now());
            received.add(f);
            evidence.record(t, "ws ← " + f.describe(), Map.of());
            return new Got(f);
        } catch (SocketTimeoutException e) {
            if (wire.size() > 0) {
                evidence.record(t, "ws ← an incomplete frame (" + wire.size() + " bytes), then nothing", Map.of());
                throw new TimeoutFailure("a complete frame", "after " + wire.size() + " bytes of one nothing more came", "");
            }
            return new Quiet(evidence.now());
        } catch (EndOfStream e) {
            evidence.record(t, "ws ← the server closed the TCP connection in the middle of a frame (" + wire.size()
                    + " bytes)", Map.of());
            return new Eof(evidence.now());
        } catch (IOException e) {
            evidence.record(t, "ws ← the connection failed: " + e.getMessage(), Map.of());
            return new Eof(evidence.now()); // a reset is the server closing the connection too
        }
    }

    /** One byte within the deadline; -1 at the end of the stream only where a frame may end. */
    private int next(long deadline, ByteArrayOutputStream wire, boolean frameStart) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        if (bytesRead >= MAX_READ_BYTES) {
            throw new ConformanceFailure("at most " + MAX_READ_BYTES + " bytes on one connection in this check",
                    "the server sent more", "");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        int b = in.read();
        if (b < 0) {
            if (frameStart) {
                return -1;
            }
            throw new EndOfStream();
        }
        bytesRead++;
        wire.write(b);
        return b;
    }

    /** A frame's payload, read in bulk within the deadline. */
    private byte[] payload(int length, long deadline, ByteArrayOutputStream wire) throws IOException {
        if (bytesRead + length > MAX_READ_BYTES) {
            throw new ConformanceFailure("at most " + MAX_READ_BYTES + " bytes on one connection in this check",
                    "the server sent more", "");
        }
        byte[] payload = new byte[length];
        for (int off = 0; off < length; ) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int n = in.read(payload, off, length - off);
            if (n < 0) {
                throw new EndOfStream();
            }
            wire.write(payload, off, n);
            off += n;
        }
        bytesRead += length;
        return payload;
    }

    /** Every frame read on this connection so far. */
    List<WireFrame> received() {
        return List.copyOf(received);
    }

    /**
     * Reads until a frame matches, skipping the others (ticks, pings…), for at most {@code within}; empty when none
     * came, or the connection ended first.
     */
    java.util.Optional<WireFrame> await(java.util.function.Predicate<WireFrame> wanted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return java.util.Optional.empty();
            }
            Read r = read(Duration.ofNanos(left));
            if (!(r instanceof Got g)) {
                return java.util.Optional.empty();
            }
            if (wanted.test(g.frame())) {
                return java.util.Optional.of(g.frame());
            }
        }
    }

    /**
     * How the connection ends after a protocol violation: reads for at most {@code within} until a Close frame or the
     * end of the stream, and reports every data frame that came before.
     */
    Ending ending(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        List<WireFrame> data = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            Read r = left <= 0 ? new Quiet(evidence.now()) : read(Duration.ofNanos(left));
            switch (r) {
                case Got g when g.frame().opcode() == WireFrame.CLOSE -> {
                    return new Ending(g.frame(), false, data);
                }
                case Got g -> {
                    if (!g.frame().control()) {
                        data.add(g.frame());
                    } else if (g.frame().opcode() == WireFrame.PONG) {
                        data.add(g.frame());
                    }
                }
                case Eof e -> {
                    return new Ending(null, true, data);
                }
                case Quiet q -> {
                    return new Ending(null, false, data);
                }
            }
        }
    }

    /**
     * @param close  the Close frame the server sent, or null
     * @param eof    the server closed the TCP connection without a Close frame
     * @param before data frames and Pongs that arrived before the end
     */
    record Ending(WireFrame close, boolean eof, List<WireFrame> before) {
        boolean ended() {
            return close != null || eof;
        }

        String describe() {
            if (close != null) {
                return "a Close frame with " + (close.closeCode() < 0 ? "no code" : "code " + close.closeCode());
            }
            return eof ? "the TCP connection closed without a Close frame" : "the connection stayed open";
        }
    }

    private static final class EndOfStream extends IOException {
        EndOfStream() {
            super("end of stream inside a frame");
        }
    }
}
