package dev.commtck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference server as a service of 1, 2 and 3 nodes on one PostgreSQL database ({@code commtck serve --database}),
 * beside the single node with its queues in the journal ({@code --data-dir}), in the same rounds: the message queue
 * ({@link QueueThroughput}'s workload with one message a receive, on one shared queue, its producer-consumer pairs
 * spread over the nodes) and SSE fan-out ({@code subscribers} streams spread over the nodes, each event triggered on
 * node 1, measured as {@link SseFanOut} measures it). Each configuration gets a database of its own, made for it and
 * dropped after; the database server is the one at {@code --database-admin URL} (default {@value #ADMIN}).
 */
final class ClusterScaling {

    static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    static final List<Integer> NODES = List.of(1, 2, 3);
    private static final int WARM_UP_EVENTS = 10;

    private final Servers servers;
    private final int rounds;
    private final Duration warmUp;
    private final Duration duration;
    private final int subscribers;
    private final int events;
    private final String admin;

    ClusterScaling(Servers servers, int rounds, Duration warmUp, Duration duration, int subscribers, int events, String admin) {
        this.servers = servers;
        this.rounds = rounds;
        this.warmUp = warmUp;
        this.duration = duration;
        this.subscribers = subscribers;
        this.events = events;
        this.admin = admin;
    }

    List<Figure> run() throws Exception {
        List<Double> journal = new ArrayList<>();
        Map<Integer, List<Double>> messages = new LinkedHashMap<>();
        Map<Integer, List<Double>> p99 = new LinkedHashMap<>();
        Map<Integer, List<Double>> missing = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("Cluster round %d of %d%n", round, rounds);
            Path data = Files.createTempDirectory(servers.work(), "queues");
            int port = Proc.freePort();
            try (Proc server = servers.reference(port, Bench.ReferenceJvm.OPTIONS, "--data-dir", data.toString());
                 LoadDriver client = servers.loadClient(port)) {
                journal.add(queue(client, "1 node, journal"));
            }
            for (int n : NODES) {
                String database = createDatabase(round, n);
                List<Proc> nodes = new ArrayList<>();
                List<Integer> ports = new ArrayList<>();
                try {
                    for (int i = 0; i < n; i++) {
                        ports.add(Proc.freePort());
                        nodes.add(servers.reference(ports.get(i), Bench.ReferenceJvm.OPTIONS, "--database", database));
                    }
                    try (LoadDriver client = servers.loadClient(ports)) {
                        messages.computeIfAbsent(n, k -> new ArrayList<>()).add(queue(client, n + " node(s), PostgreSQL"));
                        client.hold("sse", subscribers);
                        client.ask("fanout " + WARM_UP_EVENTS, Duration.ofMinutes(2));
                        JsonNode f = client.ask("fanout " + events, Duration.ofMinutes(2));
                        p99.computeIfAbsent(n, k -> new ArrayList<>()).add(f.path("p99Ms").asDouble());
                        missing.computeIfAbsent(n, k -> new ArrayList<>()).add(f.path("missing").asDouble());
                        System.out.printf("  %d node(s): SSE fan-out to %,d streams, p50 %.1f ms, p99 %.1f ms, %d missing%n", n,
                                subscribers, f.path("p50Ms").asDouble(), f.path("p99Ms").asDouble(), f.path("missing").asInt());
                        client.ask("close", Duration.ofMinutes(1));
                    }
                } finally {
                    nodes.forEach(Proc::close);
                    dropDatabase(database);
                }
            }
        }
        String queueLoad = "Message queue, " + QueueThroughput.PRODUCERS + " producers and " + QueueThroughput.PRODUCERS
                + " consumers on one queue, spread over the nodes";
        String fanOut = String.format("SSE fan-out: %,d subscribers spread over the nodes, each event triggered on node 1",
                subscribers);
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.info(queueLoad, "messages/s, 1 node, journal (--data-dir)", journal));
        for (int n : NODES) {
            figures.add(Figure.compared(queueLoad, "messages/s, " + n + " node(s) on PostgreSQL", messages.get(n),
                    "1 node with the journal", journal));
        }
        for (int n : NODES) {
            figures.add(Figure.info(fanOut, "p99 delivery (ms), " + n + " node(s) on PostgreSQL", p99.get(n)));
            figures.add(Figure.atMost(fanOut, "deliveries missing, " + n + " node(s)", missing.get(n), 0, ""));
        }
        return figures;
    }

    /** A warm-up, then the queue workload (one message a receive); acknowledged messages/s. */
    private double queue(LoadDriver client, String what) throws Exception {
        client.ask(QueueThroughput.queueCommand(warmUp, 1), warmUp.plusMinutes(1));
        JsonNode q = client.ask(QueueThroughput.queueCommand(duration, 1), duration.plusMinutes(1));
        System.out.printf("  %s: queue %,.0f messages/s acknowledged, %,d sent (%d errors)%n", what,
                q.path("messagesPerSecond").asDouble(), q.path("sent").asLong(), q.path("errors").asInt());
        return q.path("messagesPerSecond").asDouble();
    }

    /** A database of its own for one configuration of one round; returns its JDBC URL. */
    private String createDatabase(int round, int nodes) throws SQLException {
        String name = "commtck_bench_" + ProcessHandle.current().pid() + "_" + round + "_" + nodes;
        execute("CREATE DATABASE " + name);
        URI u = URI.create(admin.substring("jdbc:".length()));
        return "jdbc:" + u.getScheme() + "://" + u.getRawAuthority() + "/" + name
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    private void dropDatabase(String url) throws SQLException {
        String path = URI.create(url.substring("jdbc:".length())).getPath();
        execute("DROP DATABASE IF EXISTS " + path.substring(1) + " WITH (FORCE)");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
