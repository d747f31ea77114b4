package dev.commtck.reference.push;

import java.nio.charset.StandardCharsets;

/**
 * What the server sends on a WebSocket connection, each one final frame as a server writes it (RFC 6455 §5.2):
 * unmasked, no RSV bit. A text message is encoded once, however many clients it goes to.
 */
public sealed interface Outbound {

    /** The frame's bytes as they go out. */
    byte[] frame();

    /** Bytes this counts against the client's limit of bytes not yet taken by the network. */
    default int bytes() {
        return frame().length;
    }

    /** A text message. */
    record Text(String text, byte[] frame) implements Outbound {
        public Text(String text) {
            this(text, encode(true, Frame.TEXT, text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A Ping frame (keep-alive). */
    record Ping(byte[] payload) implements Outbound {
        @Override
        public byte[] frame() {
            return encode(true, Frame.PING, payload);
        }
    }

    /** A Pong frame, the answer to a client's Ping. */
    record Pong(byte[] payload) implements Outbound {
        @Override
        public byte[] frame() {
            return encode(true, Frame.PONG, payload);
        }
    }

    /** A Close frame: the last one the server sends on the connection. */
    record Close(int code, String reason) implements Outbound {
        @Override
        public byte[] frame() {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + r.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(r, 0, payload, 2, r.length);
            return encode(true, Frame.CLOSE, payload);
        }
    }

    /** A frame's bytes as a server writes them: unmasked, no RSV bit. */
    static byte[] encode(boolean fin, int opcode, byte[] payload) {
        int lengthBytes = payload.length < 126 ? 0 : payload.length <= 0xffff ? 2 : 8;
        byte[] frame = new byte[2 + lengthBytes + payload.length];
        frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        frame[1] = (byte) (lengthBytes == 0 ? payload.length : lengthBytes == 2 ? 126 : 127);
        for (int i = 0; i < lengthBytes; i++) {
            frame[2 + i] = (byte) ((long) payload.length >> 8 * (lengthBytes - 1 - i));
        }
        System.arraycopy(payload, 0, frame, 2 + lengthBytes, payload.length);
        return frame;
    }
}
