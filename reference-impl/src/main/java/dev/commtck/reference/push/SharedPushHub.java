package dev.commtck.reference.push;

import dev.commtck.reference.cluster.EventLog;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The push hub of nodes that share a database: a notification is appended to the {@link EventLog} (hub
 * {@value #HUB}), which orders every node's notifications as their appends commit and tells every node; each node then
 * pushes, in that order, what it has not yet pushed to its own clients. Ticks and keep-alives stay each node's own.
 */
public class SharedPushHub extends PushHub {

    static final String HUB = "push";
    /** Notifications the log keeps: a node that falls behind reads them from there. */
    static final int HISTORY = 1024;

    private final EventLog log;
    private final ReentrantLock reading = new ReentrantLock();
    private final EventLog.Listening listening;
    private long pushed;

    public SharedPushHub(PushSettings settings, EventLog log) {
        super(settings);
        this.log = log;
        this.pushed = log.range(HUB).last();
        this.listening = log.listen(HUB, this::appended);
    }

    /** Accepted once appended to the log; every node's clients get it when their node hears of it. */
    @Override
    public void publish(String data) {
        log.append(HUB, data, position -> position, HISTORY, Long.MAX_VALUE);
    }

    private void appended(long position) {
        reading.lock();
        try {
            if (position > pushed) {
                log.between(HUB, pushed, position).forEach(n -> super.publish(n.payload()));
                pushed = position;
            }
        } finally {
            reading.unlock();
        }
    }

    @Override
    public void close() {
        listening.close();
        super.close();
    }
}
