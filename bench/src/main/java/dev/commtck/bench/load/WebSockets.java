package dev.commtck.bench.load;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * WebSocket connections to the push endpoint ({@code /push}, spec/push.md) held open: each reads what the server
 * pushes (a tick a second) and answers its Ping frames, as an idle client of a push channel does.
 */
final class WebSockets {

    private static final int MAX_PAYLOAD = 1 << 16;

    private final int port;
    private final Held<Socket> held = new Held<>();

    WebSockets(int port) {
        this.port = port;
    }

    Held.Growth hold(int total, Duration bound) throws InterruptedException {
        return held.grow(total, i -> new Socket(), bound);
    }

    int close() throws InterruptedException {
        return held.closeAll();
    }

    private final class Socket implements Held.Session {
        private HttpConnection connection;

        @Override
        public void establish() throws IOException {
            connection = HttpConnection.open(port);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            connection.send(("GET /push HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            HttpConnection.Response head = connection.head();
            if (head.status() != 101) {
                throw new IOException("GET /push was answered " + head.status());
            }
        }

        /** Reads frames (the server's are unmasked) until a Close; a Ping is answered with a masked Pong. */
        @Override
        public void keep() throws IOException {
            DataInputStream in = new DataInputStream(connection.input());
            OutputStream out = connection.output();
            for (long until = System.nanoTime() + Held.LONGEST_HOLD.toNanos(); System.nanoTime() < until; ) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                if (length < 0 || length > MAX_PAYLOAD) {
                    throw new IOException("a frame of " + length + " bytes");
                }
                byte[] payload = in.readNBytes((int) length);
                int opcode = b0 & 0x0f;
                if (opcode == 0x8) {
                    return;
                }
                if (opcode == 0x9 && payload.length <= 125) {
                    out.write(pong(payload));
                    out.flush();
                }
            }
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.close();
            }
        }
    }

    /** A client's Pong frame (masked, as every client frame is) carrying the Ping's payload. */
    static byte[] pong(byte[] payload) {
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x8A;
        frame[1] = (byte) (0x80 | payload.length);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}
