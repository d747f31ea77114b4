package dev.commtck.reference.push;

/**
 * One WebSocket frame from a client, as the {@link FrameGuard} read it off the socket (RFC 6455 §5.2), payload
 * already unmasked.
 */
public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** Close, ping and pong (opcodes 0x8 and above, RFC 6455 §5.5). */
    public boolean control() {
        return opcode >= CLOSE;
    }

    /** An opcode RFC 6455 defines; the others are reserved (§5.2). */
    public boolean knownOpcode() {
        return opcode <= BINARY || opcode >= CLOSE && opcode <= PONG;
    }
}
