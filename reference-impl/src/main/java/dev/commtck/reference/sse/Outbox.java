package dev.commtck.reference.sse;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The frames waiting to be written to one stream's client, bounded in bytes. The hub offers frames without ever
 * waiting; the stream's own (virtual) thread takes them and writes them. When a client reads so slowly that the bound
 * is reached, the outbox is cut off: the stream ends, and its thread, which may be blocked writing to that client, is
 * interrupted, which closes the connection. Frames are shared between outboxes, so a backlog costs references, not
 * copies.
 *
 * <p>Heartbeats are offered like frames, by one timer thread shared by every stream, which looks at each stream eight
 * times per heartbeat interval and offers a heartbeat to a stream that has taken nothing for seven eighths of it (never
 * much earlier than the interval, so that a client cannot mistake it for a shorter one it asked for): so
 * nothing is ever written more than an interval apart, and the stream's thread waits for frames without a timeout.
 * (A timed wait per stream would arm and cancel a timer with every event: with 10,000 streams, a measurable part of
 * the cost of fanning an event out.)
 */
final class Outbox {

    private static final int LOOKS_PER_INTERVAL = 8;

    /** Looks at every stream for its heartbeat; one platform thread for all of them, idle between looks. */
    private static final class Heartbeats {
        static final ScheduledThreadPoolExecutor TIMER = timer();

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                    Thread.ofPlatform().daemon().name("sse-heartbeats").factory());
            t.setRemoveOnCancelPolicy(true);
            return t;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final long limitBytes;
    private final Thread reader;
    private final String client;
    private long heartbeatNanos;
    private ScheduledFuture<?> heartbeats;
    private long bytes;
    private long takenNanos = System.nanoTime();
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

    /** From now on, a heartbeat is offered whenever nothing else was taken for {@code interval}. */
    void heartbeatEvery(Duration interval) {
        lock.lock();
        try {
            heartbeatNanos = interval.toNanos();
            long look = Math.max(1, heartbeatNanos / LOOKS_PER_INTERVAL);
            heartbeats = Heartbeats.TIMER.scheduleAtFixedRate(this::heartbeatIfIdle, look, look, TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
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
                stopHeartbeats();
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

    private void stopHeartbeats() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
    }

    /** Offers a heartbeat when nothing waits and nothing was taken for all but one look of the interval. */
    private void heartbeatIfIdle() {
        lock.lock();
        try {
            if (frames.isEmpty() && System.nanoTime() - takenNanos >= heartbeatNanos - heartbeatNanos / LOOKS_PER_INTERVAL) {
                offer(EventFrames.HEARTBEAT);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The frames queued so far, waiting for the first: {@code null} when the outbox has been cut off or the thread
     * interrupted (the stream must end).
     */
    List<byte[]> next() {
        lock.lock();
        try {
            while (frames.isEmpty() && !cutOff) {
                ready.await();
            }
            if (cutOff) {
                return null;
            }
            List<byte[]> out = new ArrayList<>(frames);
            frames.clear();
            bytes = 0;
            takenNanos = System.nanoTime();
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
            stopHeartbeats();
            finished = true;
        } finally {
            lock.unlock();
        }
    }
}
