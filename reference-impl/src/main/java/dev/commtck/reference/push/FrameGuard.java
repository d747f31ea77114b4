package dev.commtck.reference.push;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Reads one WebSocket connection's client frames off its socket (RFC 6455 §5.2) and checks each against RFC 6455
 * ({@link FrameRule}) before anything acts on it. A frame that breaks a rule fails the connection: a Close frame with
 * the rule's code, then the TCP connection closed, and nothing more is read. A frame longer than 1 MiB fails it with
 * 1009 before its payload is read. The frames that pass go on whole, payload unmasked, to the connection's
 * {@link PushConnection}, unless a mutant keeps some back.
 *
 * <p>Runs on the connection's event loop, and holds no buffer while the connection is idle.
 */
final class FrameGuard extends ByteToMessageDecoder {

    /** Longest frame payload accepted; a longer one fails the connection with 1009. */
    static final int MAX_FRAME_BYTES = 1 << 20;
    /** UTF-8 states: at a character boundary, or after bytes that are no UTF-8 (any other: inside a character). */
    private static final int WHOLE = 0;
    private static final int INVALID = -1;

    private final Function<Frame, Set<FrameRule>> rules;
    private final BiPredicate<Frame, Session> forwarded;
    private final PushConnection connection;
    /** The opcode of the fragmented message in progress, or -1. */
    private int fragmented = -1;
    /** Where the text message in progress stands in its UTF-8. */
    private int utf8 = WHOLE;
    /** The connection failed, or the client's Close went on: what follows is not read. */
    private boolean ended;

    /**
     * @param rules      the checks to make on each frame (the reference makes all of them on every frame)
     * @param forwarded  which valid frames go on to the connection (the reference forwards every one), given the
     *                   connection as the session to answer on
     * @param connection where the frames go; told of every frame (so that the keep-alive knows the client is alive)
     *                   and of a frame that fails the connection
     */
    FrameGuard(Function<Frame, Set<FrameRule>> rules, BiPredicate<Frame, Session> forwarded,
               PushConnection connection) {
        this.rules = rules;
        this.forwarded = forwarded;
        this.connection = connection;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (ended) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            Frame frame = read(in);
            if (frame == null) {
                return; // the rest of it has not arrived yet
            }
            connection.heard();
            if (check(frame) && forwarded.test(frame, connection)) {
                ended = frame.opcode() == Frame.CLOSE;
                out.add(frame);
            }
        } catch (Violation v) {
            ended = true;
            in.skipBytes(in.readableBytes());
            connection.end(v.code, v.getMessage());
        }
    }

    /** The next whole frame, or null when it has not all arrived. */
    private static Frame read(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() < 2) {
            return null;
        }
        int b0 = in.getUnsignedByte(start);
        int b1 = in.getUnsignedByte(start + 1);
        int lengthBytes = switch (b1 & 0x7f) {
            case 126 -> 2;
            case 127 -> 8;
            default -> 0;
        };
        if (in.readableBytes() < 2 + lengthBytes) {
            return null;
        }
        long length = switch (lengthBytes) {
            case 2 -> in.getUnsignedShort(start + 2);
            case 8 -> in.getLong(start + 2);
            default -> b1 & 0x7f;
        };
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new Violation(CloseCodes.TOO_BIG, "frame longer than " + MAX_FRAME_BYTES + " bytes");
        }
        boolean masked = (b1 & 0x80) != 0;
        int header = 2 + lengthBytes + (masked ? 4 : 0);
        if (in.readableBytes() < header + length) {
            return null;
        }
        byte[] mask = new byte[4];
        if (masked) {
            in.getBytes(start + header - 4, mask);
        }
        byte[] payload = new byte[(int) length];
        in.getBytes(start + header, payload);
        in.skipBytes(header + payload.length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 0x7, b0 & 0xf, masked, payload);
    }

    /** Checks the frame against the rules in force for it; false for a frame to drop. */
    private boolean check(Frame f) {
        Set<FrameRule> rules = this.rules.apply(f);
        if (rules.contains(FrameRule.RESERVED) && (f.rsv() != 0 || !f.knownOpcode())) {
            throw new Violation(FrameRule.RESERVED, f.rsv() != 0 ? "RSV bits set without a negotiated extension"
                    : "reserved opcode " + f.opcode());
        }
        if (rules.contains(FrameRule.MASK) && !f.masked()) {
            throw new Violation(FrameRule.MASK, "unmasked client frame");
        }
        if (!f.knownOpcode()) {
            return false; // with the check off, a frame of no known kind is dropped
        }
        if (f.control()) {
            if (rules.contains(FrameRule.CONTROL) && (f.payload().length > 125 || !f.fin())) {
                throw new Violation(FrameRule.CONTROL, f.fin() ? "control frame longer than 125 bytes" : "fragmented control frame");
            }
            if (f.opcode() == Frame.CLOSE && rules.contains(FrameRule.CLOSE_PAYLOAD)) {
                checkClosePayload(f.payload());
            }
            return true;
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
        if (messageOpcode == Frame.TEXT && rules.contains(FrameRule.UTF8)) {
            // checked fragment by fragment, a character split between two of them included
            utf8 = utf8(f.opcode() == Frame.CONTINUATION ? utf8 : WHOLE, f.payload(), 0);
            if (utf8 == INVALID || f.fin() && utf8 != WHOLE) {
                throw new Violation(FrameRule.UTF8, "text message is not valid UTF-8");
            }
        }
        return true;
    }

    /** RFC 6455 §5.5.1 and §7.4: empty, or a code that may be sent in a Close frame followed by a UTF-8 reason. */
    private static void checkClosePayload(byte[] payload) {
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
        if (utf8(WHOLE, payload, 2) != WHOLE) {
            throw new Violation(CloseCodes.INVALID_DATA, "close reason is not valid UTF-8");
        }
    }

    /**
     * Where UTF-8 (RFC 3629: no overlong form, no surrogate, nothing above U+10FFFF) stands after {@code bytes} from
     * {@code from} on, given where it stood before them: {@link #WHOLE}, {@link #INVALID}, or inside a character (the
     * continuation bytes it still needs, and the range its next byte must lie in).
     */
    private static int utf8(int state, byte[] bytes, int from) {
        int need = state & 3;
        int lo = state >>> 8 & 0xff;
        int hi = state >>> 16 & 0xff;
        for (int i = from; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (need > 0) {
                if (b < lo || b > hi) {
                    return INVALID;
                }
                need--;
                lo = 0x80;
                hi = 0xbf;
            } else if (b >= 0x80) {
                lo = b == 0xe0 ? 0xa0 : b == 0xf0 ? 0x90 : 0x80;
                hi = b == 0xed ? 0x9f : b == 0xf4 ? 0x8f : 0xbf;
                if (b >= 0xc2 && b <= 0xdf) {
                    need = 1;
                } else if (b >= 0xe0 && b <= 0xef) {
                    need = 2;
                } else if (b >= 0xf0 && b <= 0xf4) {
                    need = 3;
                } else {
                    return INVALID;
                }
            }
        }
        return need == 0 ? WHOLE : need | lo << 8 | hi << 16;
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
