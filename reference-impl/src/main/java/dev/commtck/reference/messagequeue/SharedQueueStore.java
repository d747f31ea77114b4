package dev.commtck.reference.messagequeue;

import dev.commtck.reference.cluster.Database;
import dev.commtck.reference.cluster.Notifications;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The queues of nodes that share a database ({@code commtck_messages}), with the database's clock for every lease. A
 * receive leases with {@code FOR UPDATE SKIP LOCKED}, so that receives on any nodes never take one message at once,
 * and names each lease with a receipt ending in a random token; an acknowledgement or a release names the message, the
 * token and a lease still running, in one statement. A send, and a release, notify ({@value Notifications#QUEUES},
 * payload: the queue's name) in the transaction that made the message deliverable, so that a receive waiting on any
 * node looks again; a waiting receive also looks again when the earliest lease it saw ends.
 *
 * <p>A message delivered {@link JournalQueueStore#MAX_DELIVERIES} times without an acknowledgement is dead-lettered;
 * the {@link JournalQueueStore#DEAD_LETTERS_KEPT} newest dead letters of a queue are kept; how many messages are
 * stored is the database's to bound (no {@link Full} here). The protected methods are
 * the seams through which the kit's mutants break one rule each.
 */
public class SharedQueueStore implements QueueStore {

    private static final String LEASE = """
            WITH picked AS (
                SELECT seq FROM commtck_messages
                WHERE queue = ? AND NOT dead AND deliveries < ? AND (%s)
                ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED)
            UPDATE commtck_messages m SET deliveries = m.deliveries + 1,
                receipt = m.seq || '.' || (m.deliveries + 1) || '.' || replace(gen_random_uuid()::text, '-', ''),
                visible_at = clock_timestamp() + ? * interval '1 millisecond'
            FROM picked WHERE m.seq = picked.seq
            RETURNING m.seq, m.body, m.receipt, m.deliveries""";
    /** Its {@code deliveries >= 5} is the index {@code commtck_messages_exhausted}'s ({@link JournalQueueStore#MAX_DELIVERIES}). */
    private static final String BURY = """
            WITH buried AS (
                UPDATE commtck_messages SET dead = true, receipt = NULL
                WHERE queue = ? AND NOT dead AND deliveries >= 5 AND visible_at <= clock_timestamp() RETURNING seq)
            DELETE FROM commtck_messages WHERE queue = ? AND dead AND seq NOT IN (
                SELECT seq FROM commtck_messages WHERE queue = ? AND dead ORDER BY seq DESC LIMIT ?)""";

    private final Database db;
    private final Wakeups wakeups = new Wakeups();
    private volatile boolean closed;

    public SharedQueueStore(Database db) {
        this.db = db;
        db.notifications().on(Notifications.QUEUES, queue -> wakeups.wake(queue, 1));
        db.notifications().onReconnect(wakeups::wakeAll);
    }

    @Override
    public String send(String queue, byte[] body) {
        open();
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO commtck_messages (queue, body) VALUES (?, ?) RETURNING seq")) {
                s.setString(1, queue);
                s.setBytes(2, body);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    Database.notify(c, Notifications.QUEUES, queue);
                    return Long.toString(r.getLong(1));
                }
            }
        });
    }

    @Override
    public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait) throws InterruptedException {
        return wakeups.receive(queue, wait, () -> {
            open();
            return db.inTransaction(c -> lease(c, queue, max, visibility));
        });
    }

    private void open() {
        if (closed) {
            throw new Closed();
        }
    }

    /**
     * One look: leases what is deliverable. When it leased nothing, how long until it may: 1 ms when deliverable
     * messages were there but another receive held them for its lease (they are skipped, not waited for, and may be
     * left to this one), else until the earliest running lease ends.
     */
    private Wakeups.Look lease(Connection c, String queue, int max, Duration visibility) throws SQLException {
        bury(c, queue);
        List<Delivery> out = leased(c, queue, max, visibility);
        if (!out.isEmpty()) {
            return new Wakeups.Look(out, -1);
        }
        try (PreparedStatement s = c.prepareStatement("SELECT CASE WHEN bool_or(visible_at <= clock_timestamp()) THEN 1"
                + " ELSE ceil(extract(epoch FROM min(visible_at) - clock_timestamp()) * 1000)::bigint + 1 END"
                + " FROM commtck_messages WHERE queue = ? AND NOT dead AND deliveries < 5")) {
            s.setString(1, queue);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long until = r.getLong(1);
                return new Wakeups.Look(out, r.wasNull() ? -1 : until);
            }
        }
    }

    /** Leases up to {@code max} deliverable messages, in send order, skipping those another node is leasing now. */
    protected List<Delivery> leased(Connection c, String queue, int max, Duration visibility) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(LEASE.formatted(leasable()))) {
            s.setString(1, queue);
            s.setInt(2, JournalQueueStore.MAX_DELIVERIES);
            s.setInt(3, max);
            s.setLong(4, visibility.toMillis());
            List<Delivery> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Delivery(Long.toString(r.getLong(1)), r.getBytes(2), r.getString(3), r.getInt(4)));
                }
            }
            out.sort(java.util.Comparator.comparingLong(d -> Long.parseLong(d.id())));
            return out;
        }
    }

    /** Which stored messages a receive may lease, as an SQL condition on {@code commtck_messages}: those not leased now. */
    protected String leasable() {
        return "visible_at <= clock_timestamp()";
    }

    /** Dead-letters the messages whose last allowed lease has ended, and forgets the oldest dead letters. */
    private static void bury(Connection c, String queue) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(BURY)) {
            s.setString(1, queue);
            s.setString(2, queue);
            s.setString(3, queue);
            s.setInt(4, JournalQueueStore.DEAD_LETTERS_KEPT);
            s.executeUpdate();
        }
    }

    @Override
    public Settlement ack(String queue, String receipt) {
        return settle(queue, receipt, "DELETE FROM commtck_messages WHERE seq = ? AND queue = ? AND receipt = ?"
                + " AND NOT dead AND visible_at > clock_timestamp()");
    }

    @Override
    public Settlement release(String queue, String receipt) {
        return settle(queue, receipt, "UPDATE commtck_messages SET visible_at = clock_timestamp(), receipt = NULL"
                + " WHERE seq = ? AND queue = ? AND receipt = ? AND NOT dead AND visible_at > clock_timestamp()");
    }

    /** Runs an acknowledgement or a release of the running lease a receipt names; a release notifies. */
    private Settlement settle(String queue, String receipt, String statement) {
        OptionalLong message = QueueStore.messageOf(receipt);
        if (message.isEmpty()) {
            return Settlement.UNKNOWN; // not a receipt this store issued
        }
        long seq = message.getAsLong();
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(statement)) {
                s.setLong(1, seq);
                s.setString(2, queue);
                s.setString(3, receipt);
                if (s.executeUpdate() == 1) {
                    if (statement.startsWith("UPDATE")) {
                        Database.notify(c, Notifications.QUEUES, queue);
                    }
                    return Settlement.DONE;
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM commtck_messages WHERE seq = ? AND queue = ? AND NOT dead")) {
                s.setLong(1, seq);
                s.setString(2, queue);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Settlement.LEASE_ENDED : Settlement.UNKNOWN;
                }
            }
        });
    }

    @Override
    public List<DeadLetter> deadLetters(String queue) {
        return db.inTransaction(c -> {
            bury(c, queue);
            try (PreparedStatement s = c.prepareStatement("SELECT seq, body, deliveries FROM commtck_messages"
                    + " WHERE queue = ? AND dead ORDER BY seq")) {
                s.setString(1, queue);
                List<DeadLetter> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new DeadLetter(Long.toString(r.getLong(1)), r.getBytes(2), r.getInt(3)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        wakeups.closeAll();
    }
}
