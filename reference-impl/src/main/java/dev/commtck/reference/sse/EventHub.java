package dev.commtck.reference.sse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Where events are born and fan out: it gives each event its id, keeps the most recent ones for resumption, and offers
 * each to every open stream's {@link Outbox}. Publishing never waits for a client: an offer is a few memory
 * operations, so one event reaches 10,000 streams in milliseconds, and a slow reader only ever holds up itself.
 *
 * <p>Limits: {@link #history} events are kept, and at most {@link #historyBytes} bytes of their payloads (defaults
 * {@value #DEFAULT_HISTORY} events, no byte bound). The history keeps payloads, not frames, and frames them again for a
 * replay: a frame takes up to seven times its payload (a payload of line breaks), so that counting frames would keep
 * fewer events of up to 1 KiB than a bound of {@code history} KiB promises, or hold seven times more. A stream may
 * fall at most {@link #outboxBytes} behind (default 1 MiB) before it is ended. With payloads of at most 64 KiB, the
 * default history holds at most 16 MiB of UTF-8 (32 MiB as Java strings), and a backlog holds references to frames
 * that are shared by every stream.
 *
 * <p>The protected methods are the seams through which the kit's mutants (module {@code mutants}) break one rule each.
 */
public class EventHub implements Hub {

    public static final int DEFAULT_HISTORY = 256;
    public static final int DEFAULT_OUTBOX_BYTES = 1 << 20;
    private static final System.Logger LOG = System.getLogger(EventHub.class.getName());

    /** An event as the history keeps it: its id, its payload, and the payload's size in UTF-8. */
    private record Kept(long id, String payload, int payloadBytes) {
    }

    /**
     * A stream as the hub hands it out: the frames it starts with (a replay, or the stale signal) and the outbox its
     * live events go to, taken together so that no event falls between them. Closing it ends the stream's place in the
     * hub.
     */
    public static final class Subscription implements AutoCloseable {
        private final List<byte[]> start;
        private final Outbox outbox;
        private final Consumer<Outbox> release;

        Subscription(List<byte[]> start, Outbox outbox, Consumer<Outbox> release) {
            this.start = start;
            this.outbox = outbox;
            this.release = release;
        }

        List<byte[]> start() {
            return start;
        }

        Outbox outbox() {
            return outbox;
        }

        @Override
        public void close() {
            outbox.finish();
            release.accept(outbox);
        }
    }

    private final int history;
    private final long historyBytes;
    private final long outboxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Kept> recent = new ArrayDeque<>();
    private final Set<Outbox> open = new LinkedHashSet<>();
    private long keptBytes;
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
        this(history, Long.MAX_VALUE, outboxBytes, 0);
    }

    /**
     * @param history      how many events are kept for resumption
     * @param historyBytes how many bytes of payload the events kept for resumption hold, at most
     * @param outboxBytes  how far behind a stream may fall before it is ended
     * @param idsAfter     the first event gets the id after this one
     */
    public EventHub(int history, long historyBytes, long outboxBytes, long idsAfter) {
        this.history = history;
        this.historyBytes = historyBytes;
        this.outboxBytes = outboxBytes;
        this.lastId = idsAfter;
        this.evictedUpTo = idsAfter;
    }

    @Override
    public long publish(String payload) {
        List<Outbox> cutOff;
        long id;
        lock.lock();
        try {
            id = nextId(lastId);
            byte[] frame = frame(id, payload);
            lastId = id;
            Kept kept = new Kept(id, payload, EventFrames.utf8Length(payload));
            recent.addLast(kept);
            keptBytes += kept.payloadBytes();
            while (recent.size() > history || keptBytes > historyBytes) {
                Kept evicted = recent.removeFirst();
                keptBytes -= evicted.payloadBytes();
                evictedUpTo = evicted.id();
            }
            cutOff = offer(recipients(open, id), frame);
            open.removeAll(cutOff);
        } finally {
            lock.unlock();
        }
        logCutOff(cutOff, outboxBytes);
        return id;
    }

    /** Offers a frame to each outbox without waiting; returns those cut off for being too far behind. */
    static List<Outbox> offer(Collection<Outbox> outboxes, byte[] frame) {
        List<Outbox> cutOff = new ArrayList<>();
        for (Outbox o : outboxes) {
            if (!o.offer(frame)) {
                cutOff.add(o);
            }
        }
        return cutOff;
    }

    static void logCutOff(List<Outbox> cutOff, long outboxBytes) {
        cutOff.stream().filter(Outbox::fellBehind).forEach(o -> LOG.log(System.Logger.Level.WARNING, "sse: ending the stream of " + o.client()
                + ": it fell more than " + outboxBytes + " bytes behind (a slow reader)"));
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
        lock.lock();
        try {
            return lastId;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Subscription subscribe(Optional<String> lastEventId, String client) {
        Outbox outbox = new Outbox(outboxBytes, client);
        OptionalLong after = lastEventId.map(EventHub::decimal).orElse(OptionalLong.empty());
        boolean resumable;
        List<Kept> replay = List.of();
        lock.lock();
        try {
            // resumable when every event after it is still in the history
            resumable = lastEventId.isEmpty()
                    || after.isPresent() && after.getAsLong() >= evictedUpTo && after.getAsLong() <= lastId;
            if (after.isPresent() && resumable) {
                replay = recent.stream().filter(k -> replays(k.id(), after.getAsLong())).toList();
            }
            open.add(outbox);
        } finally {
            lock.unlock();
        }
        // framed outside the lock, so that a replay does not hold up publishing
        List<byte[]> start = resumable ? replay.stream().map(k -> frame(k.id(), k.payload())).toList()
                : staleSignal(lastEventId.orElseThrow());
        return new Subscription(start, outbox, this::unsubscribe);
    }

    private void unsubscribe(Outbox outbox) {
        lock.lock();
        try {
            open.remove(outbox);
        } finally {
            lock.unlock();
        }
    }

    /** A {@code Last-Event-ID} as a number of this hub's: decimal digits only, no sign, no other character. */
    static OptionalLong decimal(String s) {
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

    /** Whether a stream resumed after {@code after} starts with the kept event {@code id}: every one after it does. */
    protected boolean replays(long id, long after) {
        return id > after;
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
