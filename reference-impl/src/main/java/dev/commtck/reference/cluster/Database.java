package dev.commtck.reference.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL database that the nodes of one reference service share (commtck serve --database URL): HikariCP's
 * connections to it, its schema brought up to date at start-up from the SQL files beside this class, and the
 * notifications between nodes ({@link Notifications}). Every pattern's shared state lives in its tables; a change and
 * the notification that tells the other nodes of it commit in one transaction ({@link #inTransaction}).
 */
public final class Database implements AutoCloseable {

    /** The migrations, applied in this order, each once: {@code V1__cluster.sql}, … */
    static final List<String> MIGRATIONS = List.of("V1__cluster.sql");
    /** Taken while migrating, so that nodes starting at once do not migrate twice. */
    private static final long MIGRATION_LOCK = 0x636f6d6d74636bL; // "commtck"

    private final String url;
    private final HikariDataSource pool;
    private final Notifications notifications;

    private Database(String url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
        migrate();
        this.notifications = new Notifications(url);
    }

    /**
     * Connects to the database at a JDBC URL ({@code jdbc:postgresql://localhost:5432/commtck?user=postgres}), brings
     * its schema up to date and starts listening for the other nodes' notifications.
     *
     * @throws IllegalStateException with a one-line reason when the database cannot be reached or migrated
     */
    public static Database open(String url) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--database takes a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://localhost:5432/commtck?user=postgres, got " + url);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("commtck-reference");
        config.setMaximumPoolSize(16);
        config.setConnectionTimeout(5_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the database " + url + ": " + rootMessage(e), e);
        }
        try {
            return new Database(url, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The JDBC URL it was opened with. */
    public String url() {
        return url;
    }

    /** Where the other nodes' changes are heard. */
    public Notifications notifications() {
        return notifications;
    }

    /** Work on one connection in one transaction: what it changes, and the notifications it sends, commit together. */
    @FunctionalInterface
    public interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    /** Runs {@code work} in a transaction of its own, committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.on(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new Unavailable(e);
        }
    }

    /** {@code pg_notify(channel, payload)} on the transaction's connection: delivered to every node when it commits. */
    public static void notify(Connection c, String channel, String payload) throws SQLException {
        if (payload.getBytes(StandardCharsets.UTF_8).length >= Notifications.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a notification carries ids, never bodies: " + payload.length() + " chars");
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            s.setString(1, channel);
            s.setString(2, payload);
            s.execute();
        }
    }

    /** The database could not be used (gone away, a query refused): the request that needed it is answered 503. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(SQLException e) {
            super("the database is unavailable: " + rootMessage(e), e);
        }
    }

    private void migrate() {
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                s.execute("CREATE TABLE IF NOT EXISTS commtck_schema_version (version int PRIMARY KEY,"
                        + " applied_at timestamptz NOT NULL DEFAULT now())");
                int applied;
                try (ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM commtck_schema_version")) {
                    r.next();
                    applied = r.getInt(1);
                }
                for (int v = applied + 1; v <= MIGRATIONS.size(); v++) {
                    s.execute(sql(MIGRATIONS.get(v - 1)));
                    s.execute("INSERT INTO commtck_schema_version (version) VALUES (" + v + ")");
                }
            }
            return null;
        });
    }

    private static String sql(String file) {
        try (InputStream in = Database.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("migration " + file + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + file, e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @Override
    public void close() {
        notifications.close();
        pool.close();
    }
}
