package dev.commtck.reference.sse;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The frames waiting to be written to one stream's client, bounded in bytes. The hub offers frames without ever
 * waiting; the stream's own (virtual) thread takes them and writes them. When a client reads so slowly that the bound
 * is reached, the outbox is cut off: the stream ends, and its thread, which may be blocked writing to that client, is
 * interrupted, which closes the connection. Frames are shared between outboxes, so a backlog costs references, not
 * copies.
 */
final class Outbox {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final long limitBytes;
    private final Thread reader;
    private final String client;
    private long bytes;
    private boolean cutOff;
    private boolean finished;

    /**
     * @param limitBytes the most this stream may fall behind
     * @param reader     the thread that writes this stream to its client
     * @param client     who the client is, for the log
     */
    Outbox(long limitBytes, Thread reader, String client) {
        this.limitBytes = limitBytes;
        this.reader = reader;
        this.client = client;
    }

    String client() {
        return client;
    }

    /** Queues a frame; returns false, and cuts the outbox off, when the frame would take it past its bound. */
    boolean offer(byte[] frame) {
        lock.lock();
        try {
            if (cutOff) {
                return false;
            }
            if (bytes + frame.length > limitBytes) {
                cutOff = true;
                frames.clear();
                if (!finished) {
                    reader.interrupt(); // it may be blocked in a write to a client that does not read
                }
            } else {
                frames.addLast(frame);
                bytes += frame.length;
            }
            ready.signal();
            return !cutOff;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The frames queued so far, waiting at most {@code idle} for the first: an empty list when none came within it,
     * {@code null} when the outbox has been cut off or the thread interrupted (the stream must end).
     */
    List<byte[]> next(Duration idle) {
        lock.lock();
        try {
            long nanos = idle.toNanos();
            while (frames.isEmpty() && !cutOff) {
                if (nanos <= 0) {
                    return List.of();
                }
                nanos = ready.awaitNanos(nanos);
            }
            if (cutOff) {
                return null;
            }
            List<byte[]> out = new ArrayList<>(frames);
            frames.clear();
            bytes = 0;
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // kept, so that a write that follows closes the connection
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** The stream's thread has left it; from now on it must not be interrupted on this stream's account. */
    void finish() {
        lock.lock();
        try {
            finished = true;
        } finally {
            lock.unlock();
        }
    }
}
