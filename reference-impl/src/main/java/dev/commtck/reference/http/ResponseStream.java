package dev.commtck.reference.http;

/**
 * A response body written as it happens (an event stream), from any thread. Writes never wait: what the client has
 * not read yet is counted ({@link #unsentBytes}), so that the writer can end a stream that falls too far behind.
 */
public interface ResponseStream {

    /** Queues these bytes and sends them as soon as the connection allows; false once the stream has ended. */
    boolean write(byte[] bytes);

    /** Bytes written but not yet handed to the network. */
    long unsentBytes();

    /** Ends the stream and closes its connection. */
    void close();
}
