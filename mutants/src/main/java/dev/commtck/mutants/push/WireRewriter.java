package dev.commtck.mutants.push;

import dev.commtck.reference.push.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.Arrays;

/**
 * Rewrites what the push endpoint writes on an upgraded connection (its {@code wire} part, next to the socket): the
 * 101 response first, then its frames, which the server writes one buffer each, unmasked. A subclass changes the
 * response, the frames, or both.
 */
public class WireRewriter extends ChannelOutboundHandlerAdapter {

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
            return opcode() >= Frame.CLOSE;
        }

        /** The frame as it was written. */
        public byte[] bytes() {
            byte[] bytes = Arrays.copyOf(header, header.length + payload.length);
            System.arraycopy(payload, 0, bytes, header.length, payload.length);
            return bytes;
        }
    }

    private boolean handshakeWritten;

    /** The 101 response as it goes out; as written unless overridden. */
    protected byte[] handshake(byte[] response) {
        return response;
    }

    /** The bytes that go out for one frame the server wrote; as written unless overridden. */
    protected byte[] frame(WrittenFrame frame) {
        return frame.bytes();
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

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ByteBuf written = (ByteBuf) msg;
        byte[] bytes = ByteBufUtil.getBytes(written);
        written.release();
        byte[] rewritten;
        if (handshakeWritten) {
            rewritten = frame(parse(bytes));
        } else {
            handshakeWritten = true;
            rewritten = handshake(bytes);
        }
        ctx.write(Unpooled.wrappedBuffer(rewritten), promise);
    }
}
