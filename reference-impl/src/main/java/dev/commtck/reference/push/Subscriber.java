package dev.commtck.reference.push;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connected client's outbound side: a bounded queue and a virtual thread that writes it to the socket, so that
 * a client that reads slowly blocks only its own writer. When the queue is full the client is closed with 1013
 * (Try Again Later) instead of being sent a stream with a hole in it.
 */
public final class Subscriber {

    /** Something to send to the client. */
    public sealed interface Outbound {
        /** Bytes this message counts against the client's queue limit. */
        int bytes();
    }

    /** A text message (one frame); the same instance is shared by every client it goes to. */
    public record Text(String text, int bytes) implements Outbound {
        public Text(String text) {
            this(text, text.length() * 3); // upper bound of its UTF-8 length, without encoding it
        }
    }

    /** A Ping frame (keep-alive). */
    public record Ping(byte[] payload) implements Outbound {
        @Override
        public int bytes() {
            return payload.length;
        }
    }

    /** A Close frame, the last thing written. */
    public record Close(int code, String reason) implements Outbound {
        @Override
        public int bytes() {
            return 0;
        }
    }

    private final PushSettings settings;
    private final ScheduledExecutorService timer;
    private final ReentrantLock lock = new ReentrantLock();
    /** Held while the writer sends, so that once the connection closes no data frame can follow its Close. */
    private final ReentrantLock sending = new ReentrantLock();
    private boolean outputEnded;
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<Outbound> queue = new ArrayDeque<>();
    private int queuedBytes;
    private boolean closing;
    private WsSession session;
    private Thread writer;
    private Runnable cutOff = () -> { };
    private volatile long heardNanos = System.nanoTime();
    private volatile long pingedNanos = System.nanoTime();

    Subscriber(PushSettings settings, ScheduledExecutorService timer) {
        this.settings = settings;
        this.timer = timer;
    }

    /**
     * Queues a message; false when the client is already being closed. A message that does not fit closes the client
     * with 1013: everything queued before it is dropped, and the Close frame is the next thing the writer sends.
     */
    public boolean offer(Outbound m) {
        lock.lock();
        try {
            if (closing) {
                return false;
            }
            if (queue.size() >= settings.queueMessages() || queuedBytes + m.bytes() > settings.queueBytes()) {
                queue.clear();
                queuedBytes = 0;
                m = new Close(CloseCodes.TRY_AGAIN_LATER, "too slow: more than " + settings.queueMessages()
                        + " messages waiting");
                // a client that does not even read its Close frame is cut off
                timer.schedule(this::cutOff, settings.slowCloseGrace().toMillis(), TimeUnit.MILLISECONDS);
            }
            queue.add(m);
            queuedBytes += m.bytes();
            closing = m instanceof Close;
            ready.signal();
            return !closing;
        } finally {
            lock.unlock();
        }
    }

    /** How many messages wait to be written to this client. */
    public int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Whether this client is past help: closed, or closing for being too slow. */
    public boolean closing() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts writing to the session, on a virtual thread of its own.
     *
     * @param terminate ends the connection at once, without a Close frame
     */
    void start(WsSession s, Runnable terminate) {
        lock.lock();
        try {
            session = s;
            cutOff = terminate;
            writer = Thread.ofVirtual().name("push-writer").start(this::write);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The connection is closing (a Close frame is about to go out from the reading side): nothing is sent after it.
     * Waits for a send in progress to finish.
     */
    void endOutput() {
        sending.lock();
        try {
            outputEnded = true;
        } finally {
            sending.unlock();
        }
        stop();
    }

    /** The connection ended: the writer stops, and nothing more is queued. */
    void stop() {
        lock.lock();
        try {
            closing = true;
            queue.clear();
            if (writer != null) {
                writer.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    private void write() {
        try {
            while (true) {
                Outbound m = take();
                sending.lock();
                try {
                    if (outputEnded) {
                        return;
                    }
                    switch (m) {
                        case Text t -> session.send(t.text(), true);
                        case Ping p -> session.ping(BufferData.create(p.payload()));
                        case Close c -> {
                            outputEnded = true;
                            session.close(c.code(), c.reason());
                            return;
                        }
                    }
                } finally {
                    sending.unlock();
                }
            }
        } catch (InterruptedException e) {
            // stopped: the connection ended
        } catch (RuntimeException e) {
            // the write failed: the connection is gone, and its reader ends it
        }
    }

    private Outbound take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                ready.await();
            }
            Outbound m = queue.poll();
            queuedBytes -= m.bytes();
            return m;
        } finally {
            lock.unlock();
        }
    }

    private void cutOff() {
        Runnable terminate;
        lock.lock();
        try {
            terminate = cutOff;
        } finally {
            lock.unlock();
        }
        terminate.run();
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
