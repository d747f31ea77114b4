package dev.commtck.tck.push;

import dev.commtck.tck.support.ConformanceFailure;
import dev.commtck.tck.support.Deadline;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.RawConnection;
import dev.commtck.tck.support.RawResponse;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.TimeoutFailure;
import dev.commtck.tck.support.Tolerances;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
 * library's reading of them. Checks of what the server says judge its messages: the frames of a fragmented message
 * are joined, with the control frames RFC 6455 §5.4 lets it send between them. Every frame sent and received goes into
 * the evidence; every read is bounded in time and in bytes.
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

    /** A control frame, or a whole data message (its frames joined, see {@link WireFrame}), arrived. */
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
    /** How long a frame may take to arrive whole once its first byte came. */
    private final Duration frameBound;
    private final List<WireFrame> sent = new ArrayList<>();
    private final List<WireFrame> received = new ArrayList<>();
    private final List<String> framingProblems = new ArrayList<>();
    /** The frames so far of a fragmented data message, or null between messages. */
    private List<WireFrame> unfinished;
    private int framesBegun;
    private long bytesRead;
    private long lastSeenEmptyMs = -1;

    RawWebSocket(RawConnection.Upgraded upgraded, Evidence evidence, Duration frameBound) {
        this.in = upgraded.in();
        this.out = upgraded.out();
        this.socket = upgraded.socket();
        this.evidence = evidence;
        this.frameBound = frameBound;
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
        return new RawWebSocket(c.upgraded(), target.evidence(), target.tolerances().response());
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
            this.sent.add(sent);
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

    /**
     * The next control frame or whole data message, if its first frame begins to arrive within {@code within}: the
     * frames of a fragmented message are joined (the control frames that come between them are returned as they come,
     * the message once its last frame is in). A frame that has begun to arrive is read to its end, however late, within
     * {@link Tolerances#response} of its first byte. What breaks RFC 6455's framing is noted in
     * {@link #framingProblems()} and read past.
     */
    Read read(Duration within) {
        Deadline deadline = Deadline.in(within);
        while (true) {
            Read r = readFrame(deadline.atNanos());
            if (!(r instanceof Got g)) {
                return r;
            }
            WireFrame whole = assemble(g.frame());
            if (whole != null) {
                return new Got(whole);
            }
        }
    }

    /** One frame, if its first byte comes before {@code deadline}; the rest of it within {@link #frameBound}. */
    private Read readFrame(long deadline) {
        long t = evidence.now();
        int b0;
        try {
            b0 = next(deadline);
        } catch (SocketTimeoutException e) {
            return new Quiet(evidence.now());
        } catch (IOException e) {
            evidence.record(t, "ws ← the connection failed: " + e.getMessage(), Map.of());
            return new Eof(evidence.now()); // a reset is the server closing the connection too
        }
        if (b0 < 0) {
            evidence.record(t, "ws ← the server closed the TCP connection", Map.of());
            return new Eof(evidence.now());
        }
        IncomingFrame frame = new IncomingFrame(++framesBegun, evidence.now());
        try {
            WireFrame f = frame.readAfter(b0, System.nanoTime() + frameBound.toNanos());
            received.add(f);
            evidence.record(frame.startMs, "ws ← " + f.describe(), Map.of());
            return new Got(f);
        } catch (SocketTimeoutException e) {
            evidence.record(frame.startMs, "ws ← " + frame.progress() + ", then nothing", Map.of());
            throw new TimeoutFailure("frame " + frame.number + " complete within " + frameBound.toMillis()
                    + " ms (tolerance 'response') of its first byte", frame.progress(), "");
        } catch (EndOfStream e) {
            evidence.record(frame.startMs, "ws ← the server closed the TCP connection in the middle of " + frame.progress(),
                    Map.of());
            return new Eof(evidence.now());
        } catch (IOException e) {
            evidence.record(frame.startMs, "ws ← the connection failed in the middle of " + frame.progress() + ": "
                    + e.getMessage(), Map.of());
            return new Eof(evidence.now());
        }
    }

    /** A frame being read: how far it got, for a report that says which frame stopped where. */
    private final class IncomingFrame {
        final int number;
        final long startMs;
        int opcode = -1;
        boolean fin;
        long payloadLength = -1;
        int headerLength = 2;
        long got;

        IncomingFrame(int number, long startMs) {
            this.number = number;
            this.startMs = startMs;
        }

        WireFrame readAfter(int b0, long deadline) throws IOException {
            got = 1;
            fin = (b0 & 0x80) != 0;
            opcode = b0 & 0xf;
            int b1 = byteOf(deadline);
            boolean masked = (b1 & 0x80) != 0;
            long length = b1 & 0x7f;
            int extra = length == 126 ? 2 : length == 127 ? 8 : 0;
            headerLength = 2 + extra + (masked ? 4 : 0);
            if (extra > 0) {
                length = 0;
                for (int i = 0; i < extra; i++) {
                    length = length << 8 | byteOf(deadline);
                }
            }
            if (length < 0 || length > MAX_FRAME_BYTES) {
                throw new ConformanceFailure("frames of at most " + MAX_FRAME_BYTES + " bytes", "frame " + number
                        + " announced " + length + " bytes", "");
            }
            payloadLength = length;
            byte[] key = new byte[4];
            if (masked) {
                for (int i = 0; i < 4; i++) {
                    key[i] = (byte) byteOf(deadline);
                }
            }
            byte[] payload = payload((int) length, deadline);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
            return new WireFrame(fin, (b0 >> 4) & 7, opcode, masked, payload, evidence.now());
        }

        private int byteOf(long deadline) throws IOException {
            int b = next(deadline);
            if (b < 0) {
                throw new EndOfStream();
            }
            got++;
            return b;
        }

        private byte[] payload(int length, long deadline) throws IOException {
            countAgainstTheConnection(length);
            byte[] payload = new byte[length];
            for (int off = 0; off < length; ) {
                awaitData(deadline);
                int n = in.read(payload, off, length - off);
                if (n < 0) {
                    throw new EndOfStream();
                }
                off += n;
                got += n;
                bytesRead += n;
            }
            return payload;
        }

        /** {@code frame 12 (TEXT, not fin, 32 KiB announced), begun at +1503 ms: 4100 of its 32784 bytes by +6503 ms}. */
        String progress() {
            StringBuilder sb = new StringBuilder("frame ").append(number);
            if (payloadLength >= 0) {
                sb.append(" (").append(WireFrame.opcodeName(opcode)).append(fin ? ", fin, " : ", not fin, ")
                        .append(payloadLength).append(" bytes of payload announced)");
            }
            sb.append(", begun at +").append(startMs).append(" ms: ").append(got);
            sb.append(payloadLength >= 0 ? " of its " + (headerLength + payloadLength) + " bytes"
                    : (got == 1 ? " byte" : " bytes") + " of its header (at least 2)");
            return sb.append(" by +").append(evidence.now()).append(" ms").toString();
        }
    }

    /**
     * A control frame or a whole data message once {@code f} completes one, else null. Fragments join as bytes, so
     * that a character split across frames decodes whole; a text message is checked to be UTF-8 as a whole.
     */
    private WireFrame assemble(WireFrame f) {
        if (!f.knownOpcode()) {
            framingProblem(f, "a frame with the reserved " + WireFrame.opcodeName(f.opcode()) + " (RFC 6455 §5.2): skipped");
            return null;
        }
        if (f.control()) {
            if (!f.fin() || f.payload().length > 125) {
                framingProblem(f, "a control frame " + (f.fin() ? "of more than 125 bytes" : "without FIN")
                        + " (RFC 6455 §5.5)");
            }
            return f;
        }
        if (f.opcode() == WireFrame.CONTINUATION) {
            if (unfinished == null) {
                framingProblem(f, "a CONTINUATION frame with no message to continue (RFC 6455 §5.4): skipped");
                return null;
            }
        } else if (unfinished != null) {
            framingProblem(f, "a new " + WireFrame.opcodeName(f.opcode()) + " frame while a fragmented message was"
                    + " unfinished (RFC 6455 §5.4): the unfinished one is dropped");
            unfinished = null;
        }
        if (unfinished == null && f.fin()) {
            return checkedMessage(f);
        }
        if (unfinished == null) {
            unfinished = new ArrayList<>();
        }
        unfinished.add(f);
        if (!f.fin()) {
            return null;
        }
        List<WireFrame> frames = unfinished;
        unfinished = null;
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        frames.forEach(frame -> joined.writeBytes(frame.payload()));
        WireFrame first = frames.get(0);
        WireFrame message = new WireFrame(true, first.rsv(), first.opcode(), frames.stream().anyMatch(WireFrame::masked),
                joined.toByteArray(), f.atMs(), frames.size());
        evidence.record(first.atMs(), "ws ← " + message.describe(), Map.of());
        return checkedMessage(message);
    }

    private WireFrame checkedMessage(WireFrame message) {
        if (message.opcode() == WireFrame.TEXT && !validUtf8(message.payload())) {
            framingProblem(message, "a text message that is not valid UTF-8 (RFC 6455 §8.1)");
        }
        return message;
    }

    private static boolean validUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private void framingProblem(WireFrame f, String problem) {
        framingProblems.add(problem + ": " + f.describe());
        evidence.note("ws: the server sent " + problem);
    }

    /**
     * The last moment (ms since the test started) this client found nothing to read, or -1: whatever it read since
     * arrived after it. A frame read later than it arrived, because the kit's reading thread was kept from running,
     * still arrived after this moment; only what had not arrived by it is proven late.
     */
    long lastSeenEmptyMs() {
        return lastSeenEmptyMs;
    }

    /** What the server's frames broke of RFC 6455's framing so far, one sentence each, in order. */
    List<String> framingProblems() {
        return List.copyOf(framingProblems);
    }

    /**
     * One byte before the deadline (a byte already received counts, however late it is read); -1 at the end of the
     * stream.
     */
    private int next(long deadline) throws IOException {
        countAgainstTheConnection(1);
        awaitData(deadline);
        int b = in.read();
        if (b >= 0) {
            bytesRead++;
        }
        return b;
    }

    /** Lets the next read block until the deadline at most, unless bytes are already there. */
    private void awaitData(long deadline) throws IOException {
        long lookedMs = evidence.now(); // before looking: what was not there then arrived later
        if (in.available() > 0) {
            return;
        }
        lastSeenEmptyMs = lookedMs;
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    private void countAgainstTheConnection(int bytes) {
        if (bytesRead + bytes > MAX_READ_BYTES) {
            throw new ConformanceFailure("at most " + MAX_READ_BYTES + " bytes on one connection in this check",
                    "the server sent more", "");
        }
    }

    /** Every frame written on this connection so far. */
    List<WireFrame> sent() {
        return List.copyOf(sent);
    }

    /** Every frame read on this connection so far. */
    List<WireFrame> received() {
        return List.copyOf(received);
    }

    /**
     * Reads until a control frame or whole message matches, skipping the others (ticks, pings…), for at most
     * {@code within}; empty when none came, or the connection ended first.
     */
    java.util.Optional<WireFrame> await(java.util.function.Predicate<WireFrame> wanted, Duration within) {
        Deadline deadline = Deadline.in(within);
        while (true) {
            long left = deadline.nanosLeft();
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

    /** Reads whatever comes, until the server closes the connection or {@code within} passed: the last read. */
    Read drain(Duration within) {
        Deadline deadline = Deadline.in(within);
        while (true) {
            long left = deadline.nanosLeft();
            Read r = left <= 0 ? new Quiet(evidence.now()) : read(Duration.ofNanos(left));
            if (!(r instanceof Got)) {
                return r;
            }
        }
    }

    /**
     * How the connection ends after a protocol violation: reads for at most {@code within} until a Close frame or the
     * end of the stream, and reports every data message and Pong that came before.
     */
    Ending ending(Duration within) {
        Deadline deadline = Deadline.in(within);
        List<WireFrame> data = new ArrayList<>();
        while (true) {
            long left = deadline.nanosLeft();
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
     * @param before data messages and Pongs that arrived before the end
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

        /** What happened, as the second half of a failure's sentence: {@code a Close frame with code 1000 came}. */
        String clause() {
            return close != null ? describe() + " came" : describe();
        }
    }

    private static final class EndOfStream extends IOException {
        EndOfStream() {
            super("end of stream inside a frame");
        }
    }
}
