package dev.commtck.mutants;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's PostgreSQL server, where the self-tests run the reference's nodes (and the cluster mutants') each time on
 * a database of their own, made for the test and dropped after it. The server is the one at
 * {@code -Dcommtck.postgres.url} (default: {@value #DEFAULT_URL}), a database of which the tests connect to as an
 * administrator. Where it cannot be reached, the tests that need it are skipped, unless
 * {@code -Dcommtck.postgres.required=true} (CI) makes that a failure.
 */
final class PostgresDatabases {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String ADMIN = System.getProperty("commtck.postgres.url", DEFAULT_URL);
    private static final boolean REQUIRED = Boolean.getBoolean("commtck.postgres.required");

    private PostgresDatabases() {
    }

    /** Skips the test (or fails it, when PostgreSQL is required) where the server cannot be reached. */
    static void assumeReachable() {
        try (Connection c = DriverManager.getConnection(ADMIN)) {
            c.isValid(2);
        } catch (SQLException e) {
            String why = "PostgreSQL is not reachable at " + ADMIN + ": " + e.getMessage();
            if (REQUIRED) {
                fail(why + ", and commtck.postgres.required is set");
            }
            Assumptions.abort(why + " (-Dcommtck.postgres.url names another server)");
        }
    }

    /** A new, empty database on the server; returns its JDBC URL. */
    static String fresh() throws SQLException {
        String name = "commtck_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        admin("CREATE DATABASE " + name);
        return urlOf(name);
    }

    /** Drops a database {@link #fresh} made, ending whatever connections are left to it. */
    static void drop(String url) throws SQLException {
        admin("DROP DATABASE IF EXISTS " + nameOf(url) + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The admin URL with another database: {@code jdbc:postgresql://host:port/NAME?…}. */
    private static String urlOf(String database) {
        URI u = URI.create(ADMIN.substring("jdbc:".length()));
        return "jdbc:" + u.getScheme() + "://" + u.getRawAuthority() + "/" + database
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    private static String nameOf(String url) {
        String path = URI.create(url.substring("jdbc:".length())).getPath();
        return path.substring(1);
    }
}
