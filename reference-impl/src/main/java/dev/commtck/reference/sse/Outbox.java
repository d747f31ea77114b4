package dev.commtck.reference.sse;

import dev.commtck.reference.http.ResponseStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the hub's frames for one stream go: written to the client's connection as they are offered, without waiting
 * (the connection sends them when the network lets it), and counted until the network has them. When a client reads so
 * slowly that more than the bound waits unsent, the outbox is cut off and the stream ends with its connection. Frames
 * offered before the stream has begun (between subscribing and the response's head) wait for it, so that none falls
 * between the replay and the live events. Frames are shared between outboxes, so a backlog costs references, not copies.
 *
 * <p>Heartbeats are offered like frames, by one timer thread shared by every stream, which looks at each stream eight
 * times per heartbeat interval and offers a heartbeat to a stream that has been sent nothing for seven eighths of it
 * (never much earlier than the interval, so that a client cannot mistake it for a shorter one it asked for): so nothing
 * is ever written more than an interval apart.
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
    /** Frames offered before the stream began. */
    private final ArrayDeque<byte[]> early = new ArrayDeque<>();
    private final long limitBytes;
    private final String client;
    private OutputStream out;
    private ResponseStream stream;
    private long earlyBytes;
    private long heartbeatNanos;
    private ScheduledFuture<?> heartbeats;
    private long writtenNanos = System.nanoTime();
    private boolean cutOff;
    private boolean fellBehind;

    /**
     * @param limitBytes the most this stream may fall behind
     * @param client     who the client is, for the log
     */
    Outbox(long limitBytes, String client) {
        this.limitBytes = limitBytes;
        this.client = client;
    }

    String client() {
        return client;
    }

    /** Whether it was cut off for falling more than its bound behind (rather than for its client having gone). */
    boolean fellBehind() {
        lock.lock();
        try {
            return fellBehind;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Begins the stream: writes the opening, {@code start} (a replay, or the stale signal) and what was offered since the
     * subscription, through {@code out} (which ends in {@code stream}), and from now on every frame as it is offered; a
     * heartbeat whenever nothing else was sent for {@code heartbeat}.
     */
    void begin(OutputStream out, ResponseStream stream, List<byte[]> start, Duration heartbeat) {
        lock.lock();
        try {
            this.out = out;
            this.stream = stream;
            if (cutOff) {
                stream.close();
                return;
            }
            out.write(EventFrames.OPENING);
            for (byte[] frame : start) {
                out.write(frame);
            }
            for (byte[] frame : early) {
                out.write(frame);
            }
            early.clear();
            out.flush();
            writtenNanos = System.nanoTime();
            heartbeatNanos = heartbeat.toNanos();
            long look = Math.max(1, heartbeatNanos / LOOKS_PER_INTERVAL);
            heartbeats = Heartbeats.TIMER.scheduleAtFixedRate(this::heartbeatIfIdle, look, look, TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            cut(false);
        } finally {
            lock.unlock();
        }
    }

    /** Writes a frame; returns false, and cuts the outbox off, when the frame would take it past its bound. */
    boolean offer(byte[] frame) {
        lock.lock();
        try {
            if (cutOff) {
                return false;
            }
            if (out == null) {
                earlyBytes += frame.length;
                if (earlyBytes > limitBytes) {
                    cut(true);
                } else {
                    early.addLast(frame);
                }
            } else if (stream.unsentBytes() + frame.length > limitBytes) {
                cut(true);
            } else {
                out.write(frame);
                out.flush();
                writtenNanos = System.nanoTime();
            }
            return !cutOff;
        } catch (IOException e) {
            cut(false); // the client has gone
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void cut(boolean behind) {
        cutOff = true;
        fellBehind = behind;
        early.clear();
        stopHeartbeats();
        if (stream != null) {
            stream.close();
        }
    }

    private void stopHeartbeats() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
    }

    /** Offers a heartbeat when nothing was sent for all but one look of the interval. */
    private void heartbeatIfIdle() {
        lock.lock();
        try {
            if (System.nanoTime() - writtenNanos >= heartbeatNanos - heartbeatNanos / LOOKS_PER_INTERVAL) {
                offer(EventFrames.HEARTBEAT);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The stream has ended (its connection closed): nothing more is written to it. */
    void finish() {
        lock.lock();
        try {
            cutOff = true;
            early.clear();
            stopHeartbeats();
        } finally {
            lock.unlock();
        }
    }
}
