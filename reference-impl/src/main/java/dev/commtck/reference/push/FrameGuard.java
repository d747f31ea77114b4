package dev.commtck.reference.push;

import io.helidon.common.buffers.DataReader;
import io.helidon.websocket.WsSession;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Stands between one WebSocket connection's socket and Helidon's frame codec. It reads each client frame whole,
 * checks it against RFC 6455 ({@link FrameRule}), and hands Helidon the same frame re-encoded: masked with a zero key,
 * and with a text message's fragments cut on character boundaries, because Helidon 4.5 decodes every fragment on its
 * own (a character split across two frames would become two U+FFFD). A frame that breaks a rule never reaches Helidon:
 * the guard sends the Close frame with the rule's code and ends the connection.
 *
 * <p>It is the byte supplier of the {@link DataReader} Helidon's codec reads from, so it runs on the connection's
 * own (virtual) thread.
 */
final class FrameGuard implements Supplier<byte[]> {

    /** Longest frame payload accepted, as Helidon's default {@code maxFrameLength}; a longer one is closed with 1009. */
    static final int MAX_FRAME_BYTES = 1 << 20;
    private static final byte[] ZERO_MASK = new byte[4];

    private final DataReader socket;
    private final Function<Frame, Set<FrameRule>> rules;
    private final BiPredicate<Frame, WsSession> forwarded;
    private final Runnable heard;
    private final Runnable closing;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private volatile WsSession session;
    /** The opcode of the fragmented message in progress, or -1. */
    private int fragmented = -1;
    /** The bytes of an incomplete character at the end of the last text fragment. */
    private byte[] carry = new byte[0];
    private boolean ended;

    /**
     * @param socket    the connection's reader, positioned after the opening handshake
     * @param rules     the checks to make on each frame (the reference makes all of them on every frame)
     * @param forwarded which valid frames reach Helidon's codec (the reference forwards every one), given the session
     * @param heard     told of every frame, so that the keep-alive knows the client is alive
     * @param closing   told before a Close frame goes out in answer (an echo, or a failure), so that no pushed
     *                  message follows it
     */
    FrameGuard(DataReader socket, Function<Frame, Set<FrameRule>> rules, BiPredicate<Frame, WsSession> forwarded,
               Runnable heard, Runnable closing) {
        this.socket = socket;
        this.rules = rules;
        this.forwarded = forwarded;
        this.heard = heard;
        this.closing = closing;
    }

    /** The session to close when a frame breaks a rule; set as soon as Helidon created it, before any frame is read. */
    void session(WsSession session) {
        this.session = session;
    }

    /** The next frame for Helidon's codec, or null (end of stream) once the connection ended or failed. */
    @Override
    public byte[] get() {
        while (!ended) {
            Frame frame;
            try {
                frame = read();
            } catch (DataReader.InsufficientDataAvailableException e) {
                ended = true;
                return null;
            } catch (Violation v) {
                return fail(v);
            }
            heard.run();
            try {
                byte[] encoded = check(frame);
                if (forwarded.test(frame, session)) {
                    ended = frame.opcode() == Frame.CLOSE;
                    if (ended) {
                        closing.run(); // Helidon echoes the Close as soon as it reads this frame
                    }
                    return encoded;
                }
            } catch (Violation v) {
                return fail(v);
            }
        }
        return null;
    }

    private byte[] fail(Violation v) {
        ended = true;
        closing.run();
        session.close(v.code, v.getMessage());
        return null;
    }

    private Frame read() {
        int b0 = socket.read() & 0xff;
        int b1 = socket.read() & 0xff;
        long length = b1 & 0x7f;
        if (length == 126) {
            length = (socket.read() & 0xff) << 8 | socket.read() & 0xff;
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = length << 8 | socket.read() & 0xff;
            }
        }
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new Violation(CloseCodes.TOO_BIG, "frame longer than " + MAX_FRAME_BYTES + " bytes");
        }
        boolean masked = (b1 & 0x80) != 0;
        byte[] mask = masked ? socket.readBytes(4) : ZERO_MASK;
        byte[] payload = length == 0 ? new byte[0] : socket.readBytes((int) length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 0x7, b0 & 0xf, masked, payload);
    }

    /** Checks the frame against the rules in force for it and returns what Helidon's codec gets for it. */
    private byte[] check(Frame f) {
        Set<FrameRule> rules = this.rules.apply(f);
        if (rules.contains(FrameRule.RESERVED) && (f.rsv() != 0 || !f.knownOpcode())) {
            throw new Violation(FrameRule.RESERVED, f.rsv() != 0 ? "RSV bits set without a negotiated extension"
                    : "reserved opcode " + f.opcode());
        }
        if (rules.contains(FrameRule.MASK) && !f.masked()) {
            throw new Violation(FrameRule.MASK, "unmasked client frame");
        }
        if (!f.knownOpcode()) {
            return new byte[0]; // with the check off, an unknown frame is dropped: Helidon's codec would fail on it
        }
        if (f.control()) {
            if (rules.contains(FrameRule.CONTROL) && (f.payload().length > 125 || !f.fin())) {
                throw new Violation(FrameRule.CONTROL, f.fin() ? "control frame longer than 125 bytes" : "fragmented control frame");
            }
            if (f.opcode() == Frame.CLOSE && rules.contains(FrameRule.CLOSE_PAYLOAD)) {
                checkClosePayload(f.payload());
            }
            return encode(f.fin(), f.opcode(), f.payload());
        }
        int messageOpcode = f.opcode() == Frame.CONTINUATION ? fragmented : f.opcode();
        if (rules.contains(FrameRule.FRAGMENT)) {
            if (f.opcode() == Frame.CONTINUATION && fragmented < 0) {
                throw new Violation(FrameRule.FRAGMENT, "continuation frame without a message to continue");
            }
            if (f.opcode() != Frame.CONTINUATION && fragmented >= 0) {
                throw new Violation(FrameRule.FRAGMENT, "new message inside a fragmented one");
            }
        }
        fragmented = f.fin() ? -1 : messageOpcode;
        boolean text = messageOpcode == Frame.TEXT && rules.contains(FrameRule.UTF8);
        return encode(f.fin(), f.opcode(), text ? wholeCharacters(f.payload(), f.fin()) : f.payload());
    }

    /**
     * The fragment's bytes that end on a character boundary, after the incomplete character the previous fragment
     * left; what remains is carried to the next fragment. Invalid UTF-8, or a message that ends mid-character, fails.
     */
    private byte[] wholeCharacters(byte[] payload, boolean fin) {
        ByteBuffer in = ByteBuffer.allocate(carry.length + payload.length).put(carry).put(payload).flip();
        CoderResult r = utf8.reset().decode(in, CharBuffer.allocate(in.remaining()), fin);
        if (r.isError() || fin && in.hasRemaining()) {
            throw new Violation(FrameRule.UTF8, "text message is not valid UTF-8");
        }
        carry = new byte[in.remaining()];
        in.get(carry);
        byte[] whole = new byte[in.limit() - carry.length];
        in.rewind().get(whole);
        return whole;
    }

    /** RFC 6455 §5.5.1 and §7.4: empty, or a code that may be sent in a Close frame followed by a UTF-8 reason. */
    private void checkClosePayload(byte[] payload) {
        if (payload.length == 0) {
            return;
        }
        if (payload.length == 1) {
            throw new Violation(FrameRule.CLOSE_PAYLOAD, "close payload of one byte");
        }
        int code = (payload[0] & 0xff) << 8 | payload[1] & 0xff;
        if (!CloseCodes.maySend(code)) {
            throw new Violation(FrameRule.CLOSE_PAYLOAD, "close code " + code + " may not be sent");
        }
        try {
            utf8.reset().decode(ByteBuffer.wrap(payload, 2, payload.length - 2));
        } catch (CharacterCodingException e) {
            throw new Violation(CloseCodes.INVALID_DATA, "close reason is not valid UTF-8");
        }
    }

    /** A frame as Helidon's codec expects a client's: final bit, opcode, masked with a zero key. */
    private static byte[] encode(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else if (payload.length <= 0xffff) {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >> shift) & 0xff);
            }
        }
        out.writeBytes(ZERO_MASK);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** A frame that breaks a rule: the close code and reason the connection is failed with. */
    private static final class Violation extends RuntimeException {
        final int code;

        Violation(FrameRule rule, String reason) {
            this(rule.closeCode(), reason);
        }

        Violation(int code, String reason) {
            super(reason, null, false, false);
            this.code = code;
        }
    }
}
