package dev.commtck.reference.http;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * The answer to one request, sent once: whole ({@link #send}) or as a stream of writes ({@link #stream}). It may be
 * sent from any thread, after the handler has returned. Until it is, the connection reads no further request.
 */
public interface Response {

    /** The status to send (200 unless set). */
    Response status(int status);

    /** Adds a header to send. */
    Response header(String name, String value);

    /** Sends the status, the headers and this body (with its {@code Content-Length}). */
    void send(byte[] body);

    default void send(String body) {
        send(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the status and the headers, with no body. */
    default void send() {
        send(new byte[0]);
    }

    /**
     * Sends as {@link #send(byte[])} does, and the body after the header section even in answer to {@code HEAD}, where
     * HTTP says none follows ({@link #send} leaves it out): the seam of the kit's mutant that breaks that rule.
     */
    void sendBodyEvenToHead(byte[] body);

    /**
     * Sends the status and the headers now; the body follows as it is written to the stream, until it is closed. Called
     * again, returns the same stream.
     */
    ResponseStream stream();

    /**
     * The connection's event loop: work for this response run there (building an answer that was waited for) needs no
     * further hand-off, and is spread over the loops with the connections.
     */
    Executor executor();

    /**
     * Runs {@code r} if the connection closes (the client went away, or the server closed it) before this response has
     * been sent whole; for a streamed response, whenever it closes.
     */
    void onClose(Runnable r);
}
