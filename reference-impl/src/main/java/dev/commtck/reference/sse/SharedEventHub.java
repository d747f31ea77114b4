package dev.commtck.reference.sse;

import dev.commtck.reference.cluster.EventLog;
import dev.commtck.reference.cluster.EventLog.Range;
import dev.commtck.reference.cluster.EventLog.Stored;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A hub whose events the nodes of one service share through an {@link EventLog}: a publish appends to the log, which
 * numbers the event in the order of every node's appends and tells every node of it; each node's hub then reads what
 * it has not yet fanned out from the log and offers it to its own streams, in order. A stream that resumes reads what
 * it missed from the log, whichever node it read before. Fan-out to this node's streams is as in {@link EventHub}:
 * never waiting for a client, a slow reader cut off.
 *
 * <p>A stream that resumes, opened when this node has fanned out up to position {@code p}, starts with the log's events
 * after its {@code Last-Event-ID} up to {@code p}, and everything after both reaches it live; a stream that does not
 * resume gets live only what the log did not have when it opened. The protected methods are the seams through which
 * the kit's mutants break one rule each.
 */
public class SharedEventHub implements Hub {

    private final String name;
    private final EventLog log;
    private final int history;
    private final long historyBytes;
    private final long outboxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    /** Each open stream, with the newest position it must not be sent live (what its replay or its client has). */
    private final Map<Outbox, Long> open = new LinkedHashMap<>();
    private final ReentrantLock reading = new ReentrantLock();
    private final EventLog.Listening listening;
    private long fannedOut;

    /**
     * @param name         the hub's name in the log ({@code sse}, {@code topic:news})
     * @param history      how many events the log keeps for resumption
     * @param historyBytes how many bytes of payload those events hold, at most
     * @param outboxBytes  how far behind a stream may fall before it is ended
     */
    public SharedEventHub(String name, EventLog log, int history, long historyBytes, long outboxBytes) {
        this.name = name;
        this.log = log;
        this.history = history;
        this.historyBytes = historyBytes;
        this.outboxBytes = outboxBytes;
        this.listening = log.listen(name, this::appended);
        this.fannedOut = log.range(name).last();
    }

    @Override
    public long publish(String payload) {
        return log.append(name, payload, this::idOf, history, historyBytes);
    }

    /** The log has events up to {@code position}: those this node has not fanned out go to its streams, in order. */
    private void appended(long position) {
        reading.lock(); // one reader at a time, so that events go out in the log's order
        try {
            if (position <= fannedOut) {
                return;
            }
            for (Stored e : log.between(name, fannedOut, position)) {
                byte[] frame = frame(e.id(), e.payload());
                List<Outbox> cutOff;
                lock.lock();
                try {
                    List<Outbox> to = new ArrayList<>();
                    open.forEach((o, floor) -> {
                        if (e.position() > floor) {
                            to.add(o);
                        }
                    });
                    cutOff = EventHub.offer(to, frame);
                    cutOff.forEach(open::remove);
                    fannedOut = e.position();
                } finally {
                    lock.unlock();
                }
                EventHub.logCutOff(cutOff, outboxBytes);
            }
            lock.lock();
            try {
                fannedOut = Math.max(fannedOut, position); // positions evicted before this node read them
            } finally {
                lock.unlock();
            }
        } finally {
            reading.unlock();
        }
    }

    @Override
    public EventHub.Subscription subscribe(Optional<String> lastEventId, String client) {
        Outbox outbox = new Outbox(outboxBytes, client);
        OptionalLong after = lastEventId.map(EventHub::decimal).orElse(OptionalLong.empty());
        Range range = log.range(name);
        boolean resumes = after.isPresent() && resumable(after.getAsLong(), range);
        long live;
        lock.lock();
        try {
            live = fannedOut;
            // what the log had when the stream opened is not live, even if this node has yet to fan it out; nor is what
            // a client that read on a node ahead of this one already has
            open.put(outbox, Math.max(live, resumes ? after.getAsLong() : range.last()));
        } finally {
            lock.unlock();
        }
        List<byte[]> start = lastEventId.isEmpty() ? List.of() : resumes
                ? log.between(name, after.getAsLong(), live).stream().map(e -> frame(e.id(), e.payload())).toList()
                : staleSignal(lastEventId.get());
        return new EventHub.Subscription(start, outbox, this::unsubscribe);
    }

    private void unsubscribe(Outbox outbox) {
        lock.lock();
        try {
            open.remove(outbox);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int streams() {
        lock.lock();
        try {
            return open.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long lastId() {
        return log.range(name).last();
    }

    @Override
    public void close() {
        listening.close();
    }

    // ---- seams for the kit's mutants

    /** The id of the event at a position of the log: the position. */
    protected long idOf(long position) {
        return position;
    }

    /** Whether a stream can resume after {@code after}: every event after it is still kept, and it was ever given. */
    protected boolean resumable(long after, Range range) {
        return after >= range.evictedUpTo() && after <= range.last();
    }

    /** The bytes of an event. */
    protected byte[] frame(long id, String payload) {
        return EventFrames.event(id, payload);
    }

    /** What a stream that cannot resume after {@code lastEventId} starts with. */
    protected List<byte[]> staleSignal(String lastEventId) {
        return List.of(EventFrames.stale(lastEventId));
    }
}
