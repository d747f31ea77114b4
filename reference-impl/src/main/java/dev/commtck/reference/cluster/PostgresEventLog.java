package dev.commtck.reference.cluster;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;

/**
 * The event log in PostgreSQL ({@code commtck_hubs}, {@code commtck_events}). An append locks its hub's row while it
 * takes the next position, stores the event, evicts what the history no longer keeps and notifies
 * ({@value Notifications#EVENTS}, payload {@code <position>:<hub>}), all in one transaction: positions are given in the
 * order the appends commit, which is the order PostgreSQL delivers their notifications, so a node that has heard of
 * position {@code p} finds every event up to {@code p} in the table.
 */
public final class PostgresEventLog implements EventLog {

    private static final String EVICT = """
            WITH doomed AS (
                SELECT id FROM (
                    SELECT position AS id, row_number() OVER w AS n, sum(octet_length(payload)) OVER w AS bytes
                    FROM commtck_events WHERE hub = ? WINDOW w AS (ORDER BY position DESC)) t
                WHERE n > ? OR bytes > ?),
            gone AS (DELETE FROM commtck_events e USING doomed d WHERE e.hub = ? AND e.position = d.id RETURNING e.position)
            UPDATE commtck_hubs SET evicted_up_to = greatest(evicted_up_to, (SELECT max(position) FROM gone))
            WHERE name = ? AND EXISTS (SELECT 1 FROM gone)""";

    private final Database db;
    private final Map<String, List<LongConsumer>> listeners = new ConcurrentHashMap<>();

    public PostgresEventLog(Database db) {
        this.db = db;
        db.notifications().on(Notifications.EVENTS, this::heard);
        db.notifications().onReconnect(() -> listeners.keySet().forEach(hub -> tell(hub, range(hub).last())));
    }

    @Override
    public long append(String hub, String payload, LongUnaryOperator idOf, int history, long historyBytes) {
        return db.inTransaction(c -> {
            long position = nextPosition(c, hub);
            long id = idOf.applyAsLong(position);
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO commtck_events (hub, position, id, payload) VALUES (?, ?, ?, ?)")) {
                s.setString(1, hub);
                s.setLong(2, position);
                s.setLong(3, id);
                s.setBytes(4, payload.getBytes(StandardCharsets.UTF_8));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(EVICT)) {
                s.setString(1, hub);
                s.setInt(2, history);
                s.setLong(3, historyBytes);
                s.setString(4, hub);
                s.setString(5, hub);
                s.executeUpdate();
            }
            Database.notify(c, Notifications.EVENTS, position + ":" + hub);
            return id;
        });
    }

    /** Takes the hub's next position, holding its row (made if new) until the transaction ends. */
    private static long nextPosition(Connection c, String hub) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO commtck_hubs (name, last_position) VALUES (?, 1)"
                + " ON CONFLICT (name) DO UPDATE SET last_position = commtck_hubs.last_position + 1 RETURNING last_position")) {
            s.setString(1, hub);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @Override
    public List<Stored> between(String hub, long after, long upTo) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT position, id, payload FROM commtck_events"
                    + " WHERE hub = ? AND position > ? AND position <= ? ORDER BY position")) {
                s.setString(1, hub);
                s.setLong(2, after);
                s.setLong(3, upTo);
                List<Stored> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Stored(r.getLong(1), r.getLong(2), new String(r.getBytes(3), StandardCharsets.UTF_8)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Range range(String hub) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT last_position, evicted_up_to FROM commtck_hubs WHERE name = ?")) {
                s.setString(1, hub);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? new Range(r.getLong(1), r.getLong(2)) : new Range(0, 0);
                }
            }
        });
    }

    @Override
    public Listening listen(String hub, LongConsumer appended) {
        listeners.computeIfAbsent(hub, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(appended);
        return () -> listeners.computeIfPresent(hub, (k, l) -> {
            l.remove(appended);
            return l.isEmpty() ? null : l;
        });
    }

    /** {@code <position>:<hub>}: the hub's events up to that position are in the table. */
    private void heard(String payload) {
        int colon = payload.indexOf(':');
        tell(payload.substring(colon + 1), Long.parseLong(payload.substring(0, colon)));
    }

    private void tell(String hub, long position) {
        listeners.getOrDefault(hub, List.of()).forEach(l -> l.accept(position));
    }
}
