package dev.commtck.reference.messagequeue;

import dev.commtck.reference.messagequeue.Journal.Acknowledged;
import dev.commtck.reference.messagequeue.Journal.Buried;
import dev.commtck.reference.messagequeue.Journal.Entry;
import dev.commtck.reference.messagequeue.Journal.Leased;
import dev.commtck.reference.messagequeue.Journal.NextSeq;
import dev.commtck.reference.messagequeue.Journal.Sent;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The reference queues, kept in memory; on a data directory every change is also appended to a {@link Journal} before
 * the operation returns, so that the queues survive the server being killed ({@code kill -9}). Leases and delivery
 * counts are journaled too: a restarted server keeps every consumer's lease.
 *
 * <p>Why not a database: an SQLite transaction cost 45 µs of CPU on the benchmark's machine, three per message, where
 * the whole of a {@code POST /hello} costs 23 µs (README, Performance); an operation here is a few map updates and a
 * copy into the journal's memory-mapped file.
 *
 * <p>One lock guards the queues and the journal, held for the microseconds an operation takes, so leasing is atomic
 * and the journal's order is the order things happened. The state changes only through {@link #record}, which is also
 * what replaying the journal does, so the queues a restart rebuilds are the queues that were journaled. A waiting
 * receive parks its own (virtual) thread on {@link Wakeups}, outside the lock.
 *
 * <p>Limits: at most {@link #MAX_MESSAGES} messages and {@link #MAX_STORED_BYTES} bytes of bodies, dead letters
 * included (a send beyond them is refused with {@link Full}); the {@link #DEAD_LETTERS_KEPT} newest dead letters of a
 * queue are kept. Lease deadlines are wall-clock milliseconds, so that they survive a restart. A waiting receive costs
 * a parked virtual thread and one future; a send wakes one waiter, but when the earliest lease of a queue ends, every
 * receive waiting on that queue looks again. Everything stored is held in memory: besides its body, a message costs
 * about 250 bytes of bookkeeping, so the queues at their limits take about 500 MB of heap.
 */
public final class JournalQueueStore implements QueueStore {

    /** A message delivered this many times without an acknowledgement is dead-lettered instead of delivered again. */
    public static final int MAX_DELIVERIES = 5;
    public static final long MAX_MESSAGES = 1_000_000;
    public static final long MAX_STORED_BYTES = 256L << 20;
    public static final int DEAD_LETTERS_KEPT = 1000;
    /** The journal is rewritten from the queues once it is this long and twice what its last rewrite wrote. */
    static final long REWRITE_AT_BYTES = 64L << 20;

    private static final System.Logger LOG = System.getLogger(JournalQueueStore.class.getName());

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, QueueState> queues = new HashMap<>();
    private final Map<Long, Message> messages = new HashMap<>(); // stored and not dead, by seq
    private final Wakeups wakeups = new Wakeups();
    private final SecureRandom random = new SecureRandom();
    private final Journal journal; // null: the queues live in memory only
    private long rewrittenBytes;
    private boolean closed;
    private long nextSeq = 1;
    private long storedMessages;
    private long storedBytes;

    private JournalQueueStore(Path dataDir) {
        journal = dataDir == null ? null : Journal.open(dataDir, this::apply);
        if (journal != null) {
            try {
                rewriteJournal(); // start from the queues alone, not their history
            } catch (RuntimeException e) {
                journal.close(); // unlocks the directory; the rewrite's failure says what went wrong
                throw e;
            }
        }
    }

    /** A store that keeps nothing once closed: for tests and the embedded server. */
    public static JournalQueueStore inMemory() {
        return new JournalQueueStore(null);
    }

    /**
     * A durable store in {@code dataDir} (created if missing), which no other store may use at the same time.
     *
     * @throws IllegalStateException when the directory is in use or its journal cannot be read
     */
    public static JournalQueueStore open(Path dataDir) {
        return new JournalQueueStore(dataDir);
    }

    @Override
    public String send(String queue, byte[] body) {
        String id = locked(() -> {
            if (storedMessages >= MAX_MESSAGES || storedBytes + body.length > MAX_STORED_BYTES) {
                throw new Full("the queue store is full (" + storedMessages + " messages, " + storedBytes
                        + " bytes; limits " + MAX_MESSAGES + " messages, " + MAX_STORED_BYTES + " bytes)");
            }
            long seq = nextSeq;
            record(new Sent(seq, queue, body));
            return Long.toString(seq);
        });
        wakeups.wake(queue, 1);
        return id;
    }

    /**
     * True: an operation is a few map updates and a copy into the journal's mapped file. The journal's occasional
     * growth (a write of zeros, a MiB at a time) and rewrite (with an fsync) hold up whoever
     * triggers them, for milliseconds, as they hold up every other user of the store's lock.
     */
    @Override
    public boolean waitsOnlyToReceive() {
        return true;
    }

    @Override
    public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait) throws InterruptedException {
        return wakeups.receive(queue, wait, () -> locked(() -> lease(queue, max, visibility.toMillis())));
    }

    @Override
    public Settlement ack(String queue, String receipt) {
        return locked(() -> settle(queue, receipt, true));
    }

    @Override
    public Settlement release(String queue, String receipt) {
        Settlement s = locked(() -> settle(queue, receipt, false));
        if (s == Settlement.DONE) {
            wakeups.wake(queue, 1);
        }
        return s;
    }

    @Override
    public List<DeadLetter> deadLetters(String queue) {
        return locked(() -> {
            QueueState q = queues.get(queue);
            if (q == null) {
                return List.of();
            }
            q.endLeases(System.currentTimeMillis());
            // a message whose last allowed lease has ended is dead even before a receive finds it
            q.deliverable.values().stream().filter(m -> m.deliveries >= MAX_DELIVERIES).toList()
                    .forEach(m -> record(new Buried(m.seq)));
            return q.dead.values().stream().map(m -> new DeadLetter(Long.toString(m.seq), m.body, m.deliveries)).toList();
        });
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (journal != null) {
                journal.close();
            }
        } finally {
            lock.unlock();
            wakeups.closeAll();
        }
    }

    // ---- operations, under the lock ----

    private Wakeups.Look lease(String queue, int max, long visibilityMs) {
        QueueState q = queues.get(queue);
        if (q == null) {
            return new Wakeups.Look(List.of(), -1);
        }
        long now = System.currentTimeMillis();
        q.endLeases(now);
        List<Delivery> out = new ArrayList<>(1);
        while (out.size() < max && !q.deliverable.isEmpty()) {
            Message m = q.deliverable.firstEntry().getValue();
            if (m.deliveries >= MAX_DELIVERIES) {
                record(new Buried(m.seq));
                continue;
            }
            int deliveryCount = m.deliveries + 1;
            String receipt = m.seq + "." + deliveryCount + "." + HexFormat.of().toHexDigits(random.nextLong());
            record(new Leased(m.seq, deliveryCount, receipt, now + visibilityMs));
            out.add(new Delivery(Long.toString(m.seq), m.body, receipt, deliveryCount));
        }
        return new Wakeups.Look(out, out.isEmpty() && !q.leased.isEmpty() ? q.leased.first().visibleAt - now + 1 : -1);
    }

    /** Acknowledges (deletes) or releases the message whose lease a receipt names, if that lease is running. */
    private Settlement settle(String queue, String receipt, boolean acknowledge) {
        OptionalLong message = QueueStore.messageOf(receipt);
        if (message.isEmpty()) {
            return Settlement.UNKNOWN; // not a receipt this store issued
        }
        long seq = message.getAsLong();
        Message m = messages.get(seq);
        if (m == null || !m.queue.name.equals(queue)) {
            return Settlement.UNKNOWN;
        }
        if (!receipt.equals(m.receipt) || m.visibleAt <= System.currentTimeMillis()) {
            return Settlement.LEASE_ENDED;
        }
        record(acknowledge ? new Acknowledged(seq) : new Leased(seq, m.deliveries, null, 0));
        return Settlement.DONE;
    }

    /** Runs an operation under the lock; what it changed is in the journal when it returns. */
    private <T> T locked(Supplier<T> operation) {
        lock.lock();
        try {
            if (closed) {
                throw new Closed();
            }
            T result = operation.get();
            if (journal != null && journal.size() >= Math.max(REWRITE_AT_BYTES, 2 * rewrittenBytes)) {
                rewriteJournal();
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rewrites the journal from the queues; if that fails (a full disk), the journal is kept whole as it is and the
     * operation that grew it stands: it was journaled. The next attempt waits until the journal has doubled.
     */
    private void rewriteJournal() {
        try {
            journal.rewrite(this::state);
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; the journal is kept as it is");
        }
        rewrittenBytes = journal.size();
    }

    // ---- the state, changed only by entries ----

    /** Journals a change, then applies it: a change the journal refuses ({@link Full}) changes nothing. */
    private void record(Entry entry) {
        if (journal != null) {
            journal.append(entry);
        }
        apply(entry);
    }

    private void apply(Entry entry) {
        switch (entry) {
            case Sent s -> {
                Message m = new Message(s.seq(), queues.computeIfAbsent(s.queue(), QueueState::new), s.body());
                messages.put(m.seq, m);
                m.queue.place(m);
                nextSeq = Math.max(nextSeq, m.seq + 1);
                storedMessages++;
                storedBytes += m.body.length;
            }
            case Leased l -> {
                Message m = stored(l.seq());
                m.queue.unplace(m);
                m.deliveries = l.deliveries();
                m.receipt = l.receipt();
                m.visibleAt = l.visibleAt();
                m.queue.place(m);
            }
            case Acknowledged a -> {
                Message m = stored(a.seq());
                messages.remove(m.seq);
                m.queue.unplace(m);
                forget(m);
            }
            case Buried b -> {
                Message m = stored(b.seq());
                messages.remove(m.seq);
                m.queue.unplace(m);
                m.queue.dead.put(m.seq, m);
                while (m.queue.dead.size() > DEAD_LETTERS_KEPT) {
                    forget(m.queue.dead.pollFirstEntry().getValue());
                }
            }
            case NextSeq n -> nextSeq = Math.max(nextSeq, n.seq());
        }
    }

    private Message stored(long seq) {
        Message m = messages.get(seq);
        if (m == null) {
            throw new IllegalStateException("the queue journal names message " + seq + ", which is not stored");
        }
        return m;
    }

    /** Counts a deleted message out of the limits, and its queue out of memory once it holds nothing. */
    private void forget(Message m) {
        storedMessages--;
        storedBytes -= m.body.length;
        if (m.queue.isEmpty()) {
            queues.remove(m.queue.name);
        }
    }

    /** The entries that rebuild the queues as they are now, for rewriting the journal. */
    private void state(Consumer<Entry> out) {
        out.accept(new NextSeq(nextSeq));
        for (QueueState q : queues.values()) {
            for (Message m : q.dead.values()) {
                out.accept(new Sent(m.seq, q.name, m.body));
                out.accept(new Leased(m.seq, m.deliveries, null, 0));
                out.accept(new Buried(m.seq));
            }
        }
        for (Message m : messages.values()) {
            out.accept(new Sent(m.seq, m.queue.name, m.body));
            if (m.deliveries > 0) {
                out.accept(new Leased(m.seq, m.deliveries, m.receipt, m.visibleAt));
            }
        }
    }

    /** A stored message; its lease fields change only through {@link #apply}. */
    private static final class Message {
        final long seq;
        final QueueState queue;
        final byte[] body;
        int deliveries;
        String receipt; // the latest delivery's, null when released
        long visibleAt; // epoch ms when the lease ends; 0 when never leased or released

        Message(long seq, QueueState queue, byte[] body) {
            this.seq = seq;
            this.queue = queue;
            this.body = body;
        }
    }

    /** One queue's messages: those that may be delivered in send order, those leased by when their lease ends. */
    private static final class QueueState {
        private static final Comparator<Message> BY_LEASE_END =
                Comparator.<Message>comparingLong(m -> m.visibleAt).thenComparingLong(m -> m.seq);

        final String name;
        final TreeMap<Long, Message> deliverable = new TreeMap<>();
        final TreeSet<Message> leased = new TreeSet<>(BY_LEASE_END);
        final TreeMap<Long, Message> dead = new TreeMap<>();

        QueueState(String name) {
            this.name = name;
        }

        /** Files a message by its lease: a lease that has ended is found by {@link #endLeases}. */
        void place(Message m) {
            if (m.visibleAt == 0) {
                deliverable.put(m.seq, m);
            } else {
                leased.add(m);
            }
        }

        /** Takes a message out of where it is filed, before its lease changes. */
        void unplace(Message m) {
            if (!leased.remove(m)) {
                deliverable.remove(m.seq);
            }
        }

        /** Makes the messages whose lease ended by {@code now} deliverable again. */
        void endLeases(long now) {
            while (!leased.isEmpty() && leased.first().visibleAt <= now) {
                Message m = leased.pollFirst();
                deliverable.put(m.seq, m);
            }
        }

        boolean isEmpty() {
            return deliverable.isEmpty() && leased.isEmpty() && dead.isEmpty();
        }
    }
}
