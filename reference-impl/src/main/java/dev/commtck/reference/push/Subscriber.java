package dev.commtck.reference.push;

import io.netty.channel.Channel;

/**
 * One connected client's outbound side. What is pushed to it goes straight to its connection, which writes it as fast
 * as the client reads: no thread waits for a slow client, and what the network has not taken yet is counted. A client
 * that falls too far behind is closed with 1013 (Try Again Later), its Close frame after everything it was sent so
 * far, instead of being sent a stream with a hole in it.
 */
public final class Subscriber {

    private final PushSettings settings;
    private final Channel channel;
    /** Messages, and their bytes, handed to the connection and not yet taken by the network; guarded by this. */
    private int waiting;
    private long waitingBytes;
    private boolean closing;
    private volatile long heardNanos = System.nanoTime();
    private volatile long pingedNanos = heardNanos;

    Subscriber(PushSettings settings, Channel channel) {
        this.settings = settings;
        this.channel = channel;
    }

    /**
     * Sends a message; false when the client is already being closed, or is closed instead because it has
     * {@code queueMessages} messages or {@code queueBytes} bytes waiting already. Never blocks.
     */
    public boolean offer(Outbound m) {
        Outbound sent = m;
        int bytes = m.bytes();
        synchronized (this) {
            if (closing) {
                return false;
            }
            if (waiting >= settings.queueMessages() || waitingBytes + bytes > settings.queueBytes()) {
                sent = new Outbound.Close(CloseCodes.TRY_AGAIN_LATER, "too slow: more than " + settings.queueMessages()
                        + " messages or " + settings.queueBytes() + " bytes waiting");
                bytes = sent.bytes();
                closing = true;
            }
            waiting++;
            waitingBytes += bytes;
        }
        int counted = bytes;
        channel.writeAndFlush(sent).addListener(written -> taken(counted));
        return sent == m;
    }

    /** A message left the connection: written to the network, or dropped as the connection ended. */
    private synchronized void taken(int bytes) {
        waiting--;
        waitingBytes -= bytes;
    }

    /** How many messages wait to be taken by the network. */
    public synchronized int waiting() {
        return waiting;
    }

    /** Whether this client is past help: closed, or closing. */
    public synchronized boolean closing() {
        return closing;
    }

    /** The connection's output ended: nothing more is sent. */
    synchronized void stop() {
        closing = true;
    }

    /** The client sent a frame. */
    void heard() {
        heardNanos = System.nanoTime();
    }

    /** Whether the client has been silent for the keep-alive period and was not pinged within it. */
    boolean needsPing(long now) {
        long quiet = settings.keepAlive().toNanos();
        return now - heardNanos >= quiet && now - pingedNanos >= quiet;
    }

    void pinged(long now) {
        pingedNanos = now;
    }
}
