package dev.commtck.reference.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * What the other nodes (and this one) changed, heard through PostgreSQL's {@code LISTEN/NOTIFY}: one connection of its
 * own, listening on every channel, read by one thread that hands each notification to the handlers of its channel,
 * in the order the database delivers them — the order their transactions committed.
 *
 * <p>A notification carries ids, never bodies: its payload is limited to {@value #MAX_PAYLOAD_BYTES} bytes, and a
 * handler reads what it needs from the tables. Notifications sent while the connection is down are lost; when it comes
 * back, every channel's {@linkplain #onReconnect resynchronisation} runs, so that handlers catch up from the tables.
 */
public final class Notifications implements AutoCloseable {

    /** PostgreSQL refuses a payload of 8000 bytes or more. */
    public static final int MAX_PAYLOAD_BYTES = 8000;
    /** The channels: a job ended (payload: its id), events appended (hub and id), a queue changed (its name). */
    public static final String JOBS = "commtck_jobs";
    public static final String EVENTS = "commtck_events";
    public static final String QUEUES = "commtck_queues";
    private static final List<String> CHANNELS = List.of(JOBS, EVENTS, QUEUES);
    private static final System.Logger LOG = System.getLogger(Notifications.class.getName());
    private static final int POLL_MS = 500;
    private static final long RECONNECT_MS = 1000;

    private final String url;
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> resyncs = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean closed;
    private volatile Connection connection;

    Notifications(String url) {
        this.url = url;
        this.connection = listen(); // before the node serves: nothing committed after it starts is missed
        this.reader = Thread.ofPlatform().daemon().name("commtck-notifications").start(this::read);
    }

    /** Calls {@code handler} with the payload of every notification on {@code channel}, on the reading thread. */
    public void on(String channel, Consumer<String> handler) {
        if (!CHANNELS.contains(channel)) {
            throw new IllegalArgumentException("no channel " + channel);
        }
        handlers.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** Runs {@code resync} after the listening connection was lost and made again: notifications may have been missed. */
    public void onReconnect(Runnable resync) {
        resyncs.add(resync);
    }

    private Connection listen() {
        try {
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                for (String channel : CHANNELS) {
                    s.execute("LISTEN " + channel);
                }
            }
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot listen to the database " + url + ": " + Database.rootMessage(e), e);
        }
    }

    private void read() {
        while (!closed) {
            try {
                PGNotification[] arrived = connection.unwrap(PGConnection.class).getNotifications(POLL_MS);
                for (PGNotification n : arrived == null ? new PGNotification[0] : arrived) {
                    dispatch(n);
                }
            } catch (SQLException e) {
                if (!closed) {
                    reconnect(e);
                }
            }
        }
    }

    private void dispatch(PGNotification n) {
        for (Consumer<String> h : handlers.getOrDefault(n.getName(), List.of())) {
            try {
                h.accept(n.getParameter());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a handler of " + n.getName() + " failed on " + n.getParameter(), e);
            }
        }
    }

    private void reconnect(SQLException cause) {
        LOG.log(System.Logger.Level.WARNING, "lost the database's notifications (" + Database.rootMessage(cause)
                + "); listening again");
        while (!closed) {
            try {
                Thread.sleep(RECONNECT_MS);
                connection = listen();
                resyncs.forEach(Runnable::run);
                return;
            } catch (IllegalStateException e) {
                LOG.log(System.Logger.Level.WARNING, e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        try {
            connection.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
