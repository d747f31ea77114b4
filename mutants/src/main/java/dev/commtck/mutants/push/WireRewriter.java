package dev.commtck.mutants.push;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Rewrites what the push endpoint writes on an upgraded connection (its {@code wire} part): the 101 response first,
 * then its frames, which Helidon writes one per call, unmasked. A subclass changes the response, the frames, or both.
 */
public class WireRewriter implements DataWriter {

    /**
     * One frame the server wrote (RFC 6455 §5.2).
     *
     * @param header  its header bytes as written (no masking key: the server's frames are unmasked)
     * @param payload its payload
     */
    public record WrittenFrame(byte[] header, byte[] payload) {
        public boolean fin() {
            return (header[0] & 0x80) != 0;
        }

        public int opcode() {
            return header[0] & 0xf;
        }

        public boolean control() {
            return opcode() >= dev.commtck.reference.push.Frame.CLOSE;
        }

        /** The frame as it was written. */
        public byte[] bytes() {
            byte[] bytes = Arrays.copyOf(header, header.length + payload.length);
            System.arraycopy(payload, 0, bytes, header.length, payload.length);
            return bytes;
        }
    }

    private final DataWriter socket;
    private boolean handshakeWritten;

    protected WireRewriter(DataWriter socket) {
        this.socket = socket;
    }

    /** The 101 response as it goes out; as written unless overridden. */
    protected byte[] handshake(byte[] response) {
        return response;
    }

    /** The bytes that go out for one frame the server wrote; as written unless overridden. */
    protected byte[] frame(WrittenFrame frame) {
        return frame.bytes();
    }

    /** A frame's bytes as a server writes them: unmasked, no RSV bit. */
    public static byte[] encode(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 10);
        out.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length <= 0xffff) {
            out.write(126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >> shift) & 0xff);
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static WrittenFrame parse(byte[] bytes) {
        int headerLength = switch (bytes[1] & 0x7f) {
            case 126 -> 4;
            case 127 -> 10;
            default -> 2;
        };
        return new WrittenFrame(Arrays.copyOf(bytes, headerLength),
                Arrays.copyOfRange(bytes, headerLength, bytes.length));
    }

    private BufferData rewritten(BufferData data) {
        byte[] bytes = new byte[data.available()];
        data.read(bytes);
        if (!handshakeWritten) {
            handshakeWritten = true;
            return BufferData.create(handshake(bytes));
        }
        return BufferData.create(frame(parse(bytes)));
    }

    @Override
    public void write(BufferData... buffers) {
        for (BufferData b : buffers) {
            write(b);
        }
    }

    @Override
    public void write(BufferData buffer) {
        socket.write(rewritten(buffer));
    }

    @Override
    public void writeNow(BufferData... buffers) {
        for (BufferData b : buffers) {
            writeNow(b);
        }
    }

    @Override
    public void writeNow(BufferData buffer) {
        socket.writeNow(rewritten(buffer));
    }

    @Override
    public void flush() {
        socket.flush();
    }

    @Override
    public void close() {
        socket.close();
    }
}
