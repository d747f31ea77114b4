package dev.commtck.reference.sse;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where events are born and fan out: it gives each event its id, keeps the most recent ones for resumption, and offers
 * each to every open stream's {@link Outbox}. Publishing never waits for a client: an offer is a few memory
 * operations, so one event reaches 10,000 streams in milliseconds, and a slow reader only ever holds up itself.
 *
 * <p>Limits: {@link #history} events are kept (default {@value #DEFAULT_HISTORY}); a stream may fall at most
 * {@link #outboxBytes} behind (default 1 MiB) before it is ended. With payloads of at most 64 KiB, the history holds at
 * most about 16 MiB, and a backlog holds references to frames that are shared by every stream.
 *
 * <p>The protected methods are the seams through which the kit's mutants (module {@code mutants}) break one rule each.
 */
public class EventHub {

    public static final int DEFAULT_HISTORY = 256;
    public static final int DEFAULT_OUTBOX_BYTES = 1 << 20;
    private static final System.Logger LOG = System.getLogger(EventHub.class.getName());

    /** An event as the history keeps it: its id, and its frame as every stream gets it. */
    private record Frame(long id, byte[] bytes) {
    }

    /**
     * A stream as the hub hands it out: the frames it starts with (a replay, or the stale signal) and the outbox its
     * live events go to, taken together so that no event falls between them.
     */
    record Subscription(List<byte[]> start, Outbox outbox) {
    }

    private final int history;
    private final long outboxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Frame> recent = new ArrayDeque<>();
    private final Set<Outbox> open = new LinkedHashSet<>();
    private long lastId;
    private long evictedUpTo;

    public EventHub() {
        this(DEFAULT_HISTORY, DEFAULT_OUTBOX_BYTES);
    }

    /**
     * @param history     how many events are kept for resumption
     * @param outboxBytes how far behind a stream may fall before it is ended
     */
    public EventHub(int history, long outboxBytes) {
        this.history = history;
        this.outboxBytes = outboxBytes;
    }

    /** Sends a new event with this payload to every open stream and keeps it for resumption; returns its id. */
    public long publish(String payload) {
        List<Outbox> cutOff = new ArrayList<>();
        long id;
        lock.lock();
        try {
            id = nextId(lastId);
            byte[] frame = frame(id, payload);
            lastId = id;
            recent.addLast(new Frame(id, frame));
            if (recent.size() > history) {
                evictedUpTo = recent.removeFirst().id();
            }
            for (Outbox o : recipients(open, id)) {
                if (!o.offer(frame)) {
                    cutOff.add(o);
                }
            }
            open.removeAll(cutOff);
        } finally {
            lock.unlock();
        }
        cutOff.forEach(o -> LOG.log(System.Logger.Level.WARNING, "sse: ending the stream of " + o.client()
                + ": it fell more than " + outboxBytes + " bytes behind (a slow reader)"));
        return id;
    }

    /** How many streams are open. */
    public int streams() {
        lock.lock();
        try {
            return open.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Opens a stream for the current thread, which will write it to {@code client}: after {@code lastEventId} when it
     * is present (the events the history still has after it, or the stale signal), live from now otherwise; a
     * heartbeat whenever nothing else was written for {@code heartbeat}.
     */
    Subscription subscribe(Optional<String> lastEventId, String client, Duration heartbeat) {
        Outbox outbox = new Outbox(outboxBytes, Thread.currentThread(), client, heartbeat);
        lock.lock();
        try {
            List<byte[]> start = lastEventId.map(this::startAfter).orElse(List.of());
            open.add(outbox);
            return new Subscription(start, outbox);
        } finally {
            lock.unlock();
        }
    }

    void unsubscribe(Subscription s) {
        s.outbox().finish();
        lock.lock();
        try {
            open.remove(s.outbox());
        } finally {
            lock.unlock();
        }
    }

    /** The events after {@code lastEventId}, if every one of them is still in the history; the stale signal if not. */
    private List<byte[]> startAfter(String lastEventId) {
        OptionalLong after = decimal(lastEventId);
        if (after.isEmpty() || after.getAsLong() < evictedUpTo || after.getAsLong() > lastId) {
            return staleSignal(lastEventId);
        }
        return recent.stream().filter(f -> f.id() > after.getAsLong()).map(Frame::bytes).toList();
    }

    private static OptionalLong decimal(String s) {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(s));
    }

    // ---- seams for the kit's mutants

    /** The id of the next event: the one after the last. */
    protected long nextId(long last) {
        return last + 1;
    }

    /** The bytes of an event. */
    protected byte[] frame(long id, String payload) {
        return EventFrames.event(id, payload);
    }

    /** What a stream that cannot resume after {@code lastEventId} starts with. */
    protected List<byte[]> staleSignal(String lastEventId) {
        return List.of(EventFrames.stale(lastEventId));
    }

    /** The streams an event goes to: every open one. */
    protected <T> Collection<T> recipients(Collection<T> open, long id) {
        return open;
    }
}
