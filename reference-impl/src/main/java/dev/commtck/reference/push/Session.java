package dev.commtck.reference.push;

/**
 * One WebSocket connection, as its {@link PushListener} (or a mutant) answers the client on it. Any thread may send;
 * each call sends one frame.
 */
public interface Session {

    /** Sends a text message. */
    void send(String text);

    /** Sends a Pong frame carrying this payload. */
    void pong(byte[] payload);

    /**
     * Sends a Close frame with this code and reason, unless one went out already. Nothing is sent after it; the
     * connection ends when the client answers it, or is cut off when it has not within the grace of the push settings.
     */
    void close(int code, String reason);

    /**
     * Writes these bytes as they are, outside the close handshake: a Close frame written this way stops nothing that
     * follows it (for a mutant that answers a frame itself).
     */
    void writeRaw(byte[] bytes);
}
