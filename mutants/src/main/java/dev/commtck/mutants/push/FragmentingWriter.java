package dev.commtck.mutants.push;

import dev.commtck.reference.push.Frame;
import dev.commtck.reference.push.Outbound;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sends every data message of three bytes or more in three frames: its first byte (inside a character, where the
 * character is longer), then the rest in two halves. RFC 6455 §5.4 lets a server fragment anywhere, and put control
 * frames between the fragments: with {@code pingBetween}, a Ping goes between the first two. The frames after the
 * first carry {@code laterOpcode}: CONTINUATION, as RFC 6455 wants, or another to break it.
 */
public final class FragmentingWriter extends WireRewriter {

    static final byte[] PING_PAYLOAD = "between fragments".getBytes(StandardCharsets.US_ASCII);

    private final int laterOpcode;
    private final boolean pingBetween;

    public FragmentingWriter(int laterOpcode, boolean pingBetween) {
        this.laterOpcode = laterOpcode;
        this.pingBetween = pingBetween;
    }

    /** A correct server's fragments: CONTINUATION frames, with a Ping between the first two. */
    public static FragmentingWriter correct() {
        return new FragmentingWriter(Frame.CONTINUATION, true);
    }

    @Override
    protected byte[] frame(WrittenFrame frame) {
        byte[] p = frame.payload();
        if (frame.control() || !frame.fin() || p.length < 3) {
            return frame.bytes();
        }
        int half = 1 + (p.length - 1) / 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream(p.length + 40);
        out.writeBytes(Outbound.encode(false, frame.opcode(), Arrays.copyOfRange(p, 0, 1)));
        if (pingBetween) {
            out.writeBytes(Outbound.encode(true, Frame.PING, PING_PAYLOAD));
        }
        out.writeBytes(Outbound.encode(false, laterOpcode, Arrays.copyOfRange(p, 1, half)));
        out.writeBytes(Outbound.encode(true, laterOpcode, Arrays.copyOfRange(p, half, p.length)));
        return out.toByteArray();
    }
}
