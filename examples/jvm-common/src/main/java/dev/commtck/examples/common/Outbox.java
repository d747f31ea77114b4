package dev.commtck.examples.common;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bounded queue in front of one client of a stack whose writes block (the Servlet API): a virtual thread of its own
 * writes what is offered, one item at a time and in order, so that a slow client holds up only itself. A client that
 * falls {@code capacity} items behind is cut off rather than sent a gap; {@code onEnd} runs once, on the writer's
 * thread, when the queue ends for any reason (cut off, a failed write, {@link #close()}).
 */
public final class Outbox<T> {

    /** Writes one item to the client, blocking until the stack has taken it. */
    public interface Writer<T> {
        void write(T item) throws Exception;
    }

    private final BlockingQueue<T> queue;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Thread writer;

    public Outbox(int capacity, Writer<T> writer, Runnable onEnd) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofVirtual().name("outbox").start(() -> drain(writer, onEnd));
    }

    /** Queues the item; false when the outbox has ended, or ends now because the client is too far behind. */
    public boolean offer(T item) {
        if (open.get() && queue.offer(item)) {
            return true;
        }
        close();
        return false;
    }

    public void close() {
        if (open.compareAndSet(true, false)) {
            writer.interrupt();
        }
    }

    private void drain(Writer<T> out, Runnable onEnd) {
        try {
            while (open.get()) {
                out.write(queue.take());
            }
        } catch (Exception endedOrFailed) {
            // the client went away, or the queue was closed: either way this client's stream is over
        } finally {
            open.set(false);
            onEnd.run();
        }
    }
}
