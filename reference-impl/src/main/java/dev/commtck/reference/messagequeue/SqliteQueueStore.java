package dev.commtck.reference.messagequeue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference queues: one SQLite database, in a data directory (durable) or in memory (for tests and the embedded
 * server).
 *
 * <p>Every operation runs on one platform thread, the store thread, as one transaction. Leasing is atomic because
 * nothing else touches the database between finding the deliverable messages and marking them leased, and request
 * threads (virtual) never pin a carrier in native code. A waiting receive parks its own thread on {@link Wakeups}, not
 * the store thread.
 *
 * <p>Durability: in WAL mode with {@code synchronous=NORMAL} a commit has been written to the operating system when
 * {@link #send} returns, so a {@code 201} survives the server process being killed ({@code kill -9}); surviving a power
 * cut as well would take {@code synchronous=FULL}, an fsync per commit. Leases and delivery counts are stored too, so a
 * restarted server keeps every consumer's lease.
 *
 * <p>Limits: at most {@link #MAX_MESSAGES} messages and {@link #MAX_STORED_BYTES} bytes of bodies, dead letters
 * included (a send beyond them is refused with {@link Full}); the newest {@link #DEAD_LETTERS_KEPT} dead letters of a
 * queue are kept. Lease deadlines are wall-clock milliseconds, so that they survive a restart. A waiting receive costs
 * a parked virtual thread and one future; a send wakes one waiter, but when the earliest lease of a queue ends, every
 * receive waiting on that queue looks again.
 */
public final class SqliteQueueStore implements QueueStore {

    /** A message delivered this many times without an acknowledgement is dead-lettered instead of delivered again. */
    public static final int MAX_DELIVERIES = 5;
    public static final long MAX_MESSAGES = 1_000_000;
    public static final long MAX_STORED_BYTES = 256L << 20;
    public static final int DEAD_LETTERS_KEPT = 1000;

    /** Statements separated by semicolons (and no semicolon elsewhere). */
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS messages (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- send order and message id, never reused
              queue TEXT NOT NULL,
              body BLOB NOT NULL,
              deliveries INTEGER NOT NULL,
              receipt TEXT,                            -- the latest delivery's receipt
              visible_at INTEGER NOT NULL              -- epoch ms when the lease ends, 0 when never leased or released
            );
            CREATE INDEX IF NOT EXISTS messages_in_order ON messages(queue, seq);
            CREATE TABLE IF NOT EXISTS dead_letters (
              seq INTEGER PRIMARY KEY,
              queue TEXT NOT NULL,
              body BLOB NOT NULL,
              deliveries INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS dead_letters_in_order ON dead_letters(queue, seq);
            """;

    private final Connection db;
    private final ExecutorService storeThread;
    private final Wakeups wakeups = new Wakeups();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;
    // touched on the store thread only
    private long storedMessages;
    private long storedBytes;

    private SqliteQueueStore(Connection db, String name) {
        this.db = db;
        this.storeThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "commtck-queue-store " + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A store that keeps nothing once closed: for tests and the embedded server. */
    public static SqliteQueueStore inMemory() {
        return open("jdbc:sqlite::memory:", "in memory", false);
    }

    /** A durable store in {@code dataDir} (created if missing), which no other process may use at the same time. */
    public static SqliteQueueStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        return open("jdbc:sqlite:" + dataDir.resolve("queues.db").toAbsolutePath(), dataDir.toString(), true);
    }

    private static SqliteQueueStore open(String url, String name, boolean durable) {
        try {
            Connection db = DriverManager.getConnection(url);
            try (Statement s = db.createStatement()) {
                if (durable) {
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA synchronous=NORMAL");
                    s.execute("PRAGMA locking_mode=EXCLUSIVE"); // a second server on the same data fails at once
                }
                for (String statement : SCHEMA.split(";")) {
                    if (!statement.isBlank()) {
                        s.executeUpdate(statement);
                    }
                }
            }
            db.setAutoCommit(false);
            db.commit();
            SqliteQueueStore store = new SqliteQueueStore(db, name);
            store.call(store::recount);
            return store;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the queue store " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String send(String queue, byte[] body) {
        String id = call(() -> insert(queue, body));
        wakeups.wake(queue, 1);
        return id;
    }

    @Override
    public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        if (wait.isZero()) {
            return call(() -> lease(queue, max, visibility.toMillis())).deliveries();
        }
        while (true) {
            CompletableFuture<Void> woken = wakeups.register(queue); // before looking, so no arrival is missed
            boolean returning = false;
            try {
                Lease lease = call(() -> lease(queue, max, visibility.toMillis()));
                long left = deadline - System.nanoTime();
                if (!lease.deliveries().isEmpty() || left <= 0) {
                    returning = true;
                    return lease.deliveries();
                }
                long untilVisible = lease.nextVisibleAt() == 0 ? left
                        : TimeUnit.MILLISECONDS.toNanos(lease.nextVisibleAt() - System.currentTimeMillis() + 1);
                woken.get(Math.max(0, Math.min(left, untilVisible)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // the wait or a lease ended: look again
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // wake-ups only ever complete normally
            } finally {
                if (!wakeups.withdraw(queue, woken) && returning) {
                    wakeups.wake(queue, 1); // chosen for a message it will not look for: another waiter may
                }
            }
        }
    }

    @Override
    public Settlement ack(String queue, String receipt) {
        return call(() -> settle(queue, receipt, true));
    }

    @Override
    public Settlement release(String queue, String receipt) {
        Settlement s = call(() -> settle(queue, receipt, false));
        if (s == Settlement.DONE) {
            wakeups.wake(queue, 1);
        }
        return s;
    }

    @Override
    public List<DeadLetter> deadLetters(String queue) {
        return call(() -> {
            buryExhausted(queue);
            List<DeadLetter> out = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT seq, body, deliveries FROM dead_letters WHERE queue = ? ORDER BY seq")) {
                q.setString(1, queue);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DeadLetter(Long.toString(rs.getLong(1)), rs.getBytes(2), rs.getInt(3)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        wakeups.closeAll();
        storeThread.shutdown();
        try {
            if (!storeThread.awaitTermination(10, TimeUnit.SECONDS)) {
                storeThread.shutdownNow();
            }
            db.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            // nothing is left to save: every operation committed or failed before the store thread ended
        }
    }

    // ---- operations, run on the store thread ----

    private String insert(String queue, byte[] body) throws SQLException {
        if (storedMessages >= MAX_MESSAGES || storedBytes + body.length > MAX_STORED_BYTES) {
            throw new Full("the queue store is full (" + storedMessages + " messages, " + storedBytes
                    + " bytes; limits " + MAX_MESSAGES + " messages, " + MAX_STORED_BYTES + " bytes)");
        }
        try (PreparedStatement ins = db.prepareStatement(
                "INSERT INTO messages (queue, body, deliveries, visible_at) VALUES (?, ?, 0, 0)")) {
            ins.setString(1, queue);
            ins.setBytes(2, body);
            ins.executeUpdate();
        }
        long seq;
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
            rs.next();
            seq = rs.getLong(1);
        }
        storedMessages++;
        storedBytes += body.length;
        return Long.toString(seq);
    }

    /** The deliveries of one look at the queue; when there are none, when the earliest lease ends (0: none). */
    private record Lease(List<Delivery> deliveries, long nextVisibleAt) {
    }

    private Lease lease(String queue, int max, long visibilityMs) throws SQLException {
        long now = System.currentTimeMillis();
        List<Delivery> out = new ArrayList<>();
        boolean buried = true;
        while (buried && out.size() < max) {
            buried = false; // a buried message leaves room for another: look again
            for (Candidate c : deliverable(queue, now, max - out.size())) {
                if (c.deliveries() >= MAX_DELIVERIES) {
                    bury(c.seq());
                    buried = true;
                } else {
                    out.add(leaseOne(c, now + visibilityMs));
                }
            }
        }
        if (!out.isEmpty()) {
            return new Lease(out, 0);
        }
        try (PreparedStatement q = db.prepareStatement(
                "SELECT MIN(visible_at) FROM messages WHERE queue = ? AND visible_at > ?")) {
            q.setString(1, queue);
            q.setLong(2, now);
            try (ResultSet rs = q.executeQuery()) {
                return new Lease(out, rs.next() ? rs.getLong(1) : 0);
            }
        }
    }

    /** A message that may be delivered now. */
    private record Candidate(long seq, byte[] body, int deliveries) {
    }

    /** The first {@code limit} messages of the queue that are neither leased nor acknowledged, in send order. */
    private List<Candidate> deliverable(String queue, long now, int limit) throws SQLException {
        List<Candidate> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT seq, body, deliveries FROM messages"
                + " WHERE queue = ? AND visible_at <= ? ORDER BY seq LIMIT ?")) {
            q.setString(1, queue);
            q.setLong(2, now);
            q.setInt(3, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Candidate(rs.getLong(1), rs.getBytes(2), rs.getInt(3)));
                }
            }
        }
        return out;
    }

    private Delivery leaseOne(Candidate c, long until) throws SQLException {
        int deliveryCount = c.deliveries() + 1;
        String receipt = c.seq() + "." + deliveryCount + "." + HexFormat.of().toHexDigits(random.nextLong());
        try (PreparedStatement u = db.prepareStatement(
                "UPDATE messages SET deliveries = ?, receipt = ?, visible_at = ? WHERE seq = ?")) {
            u.setInt(1, deliveryCount);
            u.setString(2, receipt);
            u.setLong(3, until);
            u.setLong(4, c.seq());
            u.executeUpdate();
        }
        return new Delivery(Long.toString(c.seq()), c.body(), receipt, deliveryCount);
    }

    /** Acknowledges ({@code delete}) or releases the lease a receipt names, if it is the running one. */
    private Settlement settle(String queue, String receipt, boolean delete) throws SQLException {
        long seq;
        try {
            seq = Long.parseLong(receipt.substring(0, Math.max(0, receipt.indexOf('.'))));
        } catch (NumberFormatException e) {
            return Settlement.UNKNOWN; // not a receipt this store issued
        }
        long now = System.currentTimeMillis();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT receipt, visible_at, length(body) FROM messages WHERE seq = ? AND queue = ?")) {
            q.setLong(1, seq);
            q.setString(2, queue);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Settlement.UNKNOWN;
                }
                if (!receipt.equals(rs.getString(1)) || rs.getLong(2) <= now) {
                    return Settlement.LEASE_ENDED;
                }
                if (delete) {
                    storedMessages--;
                    storedBytes -= rs.getLong(3);
                }
            }
        }
        try (PreparedStatement u = db.prepareStatement(delete ? "DELETE FROM messages WHERE seq = ?"
                : "UPDATE messages SET receipt = NULL, visible_at = 0 WHERE seq = ?")) {
            u.setLong(1, seq);
            u.executeUpdate();
        }
        return Settlement.DONE;
    }

    /** Dead-letters every message of the queue whose last allowed lease has ended. */
    private void buryExhausted(String queue) throws SQLException {
        List<Long> exhausted = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT seq FROM messages WHERE queue = ? AND deliveries >= ? AND visible_at <= ?")) {
            q.setString(1, queue);
            q.setInt(2, MAX_DELIVERIES);
            q.setLong(3, System.currentTimeMillis());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    exhausted.add(rs.getLong(1));
                }
            }
        }
        for (long seq : exhausted) {
            bury(seq);
        }
    }

    /** Moves a message to its queue's dead letters, keeping the newest {@link #DEAD_LETTERS_KEPT}. */
    private void bury(long seq) throws SQLException {
        try (PreparedStatement move = db.prepareStatement("INSERT INTO dead_letters (seq, queue, body, deliveries)"
                + " SELECT seq, queue, body, deliveries FROM messages WHERE seq = ?");
             PreparedStatement delete = db.prepareStatement("DELETE FROM messages WHERE seq = ?")) {
            move.setLong(1, seq);
            move.executeUpdate();
            delete.setLong(1, seq);
            delete.executeUpdate();
        }
        try (PreparedStatement old = db.prepareStatement("SELECT seq, length(body) FROM dead_letters WHERE queue ="
                + " (SELECT queue FROM dead_letters WHERE seq = ?) ORDER BY seq DESC LIMIT -1 OFFSET " + DEAD_LETTERS_KEPT);
             PreparedStatement drop = db.prepareStatement("DELETE FROM dead_letters WHERE seq = ?")) {
            old.setLong(1, seq);
            try (ResultSet rs = old.executeQuery()) {
                while (rs.next()) {
                    drop.setLong(1, rs.getLong(1));
                    drop.addBatch();
                    storedMessages--;
                    storedBytes -= rs.getLong(2);
                }
            }
            drop.executeBatch();
        }
    }

    /** Counts what is stored, for the limits: at start-up, and after anything that changed it in bulk. */
    private Void recount() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT"
                + " (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM dead_letters),"
                + " (SELECT TOTAL(length(body)) FROM messages) + (SELECT TOTAL(length(body)) FROM dead_letters)")) {
            rs.next();
            storedMessages = rs.getLong(1);
            storedBytes = (long) rs.getDouble(2);
        }
        return null;
    }

    // ---- running operations on the store thread ----

    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} on the store thread as one transaction and returns its result once it is committed. */
    private <T> T call(Work<T> work) {
        if (closed) {
            throw new Closed();
        }
        try {
            return storeThread.submit(() -> transaction(work)).get();
        } catch (RejectedExecutionException e) {
            throw new Closed();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("queue store failure: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Closed();
        }
    }

    private <T> T transaction(Work<T> work) throws SQLException {
        try {
            T result = work.run();
            db.commit();
            return result;
        } catch (Full e) {
            db.rollback(); // refused before anything was written
            throw e;
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            recount(); // the counters may have moved with what was rolled back
            throw e;
        }
    }
}
