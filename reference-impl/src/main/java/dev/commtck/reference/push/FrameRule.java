package dev.commtck.reference.push;

/**
 * The checks of RFC 6455 §5 that the {@link FrameGuard} makes on every client frame before anything acts on it. The
 * reference server makes all of them; a mutant leaves one out, as some frameworks do (Helidon 4.5 makes only
 * {@link #MASK} and the RSV part of {@link #RESERVED}). Each failed check fails the connection with its close code.
 */
public enum FrameRule {
    /** §5.1: a client frame must be masked. */
    MASK(CloseCodes.PROTOCOL_ERROR),
    /** §5.2: no RSV bit without a negotiated extension, no reserved opcode. */
    RESERVED(CloseCodes.PROTOCOL_ERROR),
    /** §5.5: a control frame has at most 125 bytes of payload and is not fragmented. */
    CONTROL(CloseCodes.PROTOCOL_ERROR),
    /** §5.4: a continuation continues something, and a new message does not start inside a fragmented one. */
    FRAGMENT(CloseCodes.PROTOCOL_ERROR),
    /** §5.6, §8.1: a text message is valid UTF-8 as a whole, across fragments. */
    UTF8(CloseCodes.INVALID_DATA),
    /** §5.5.1, §7.4: a close payload is empty or a valid code, then a UTF-8 reason. */
    CLOSE_PAYLOAD(CloseCodes.PROTOCOL_ERROR);

    private final int closeCode;

    FrameRule(int closeCode) {
        this.closeCode = closeCode;
    }

    /** The close code the server fails the connection with when this check fails (§7.4.1). */
    public int closeCode() {
        return closeCode;
    }
}
