package dev.commtck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The message queue with a durable store ({@code commtck serve --data-dir}): {@link #PRODUCERS} producers send while
 * as many consumers receive one message at a time and acknowledge it, against the same server's {@code POST /hello
 * ping} driven by the same load client on as many connections, alternating within each round (each after a warm-up).
 * A message costs three requests, so the goal is a quarter of the ping rate.
 */
final class QueueThroughput {

    static final int PRODUCERS = 8;
    private static final int CONNECTIONS = 2 * PRODUCERS;

    private final Servers servers;
    private final int rounds;
    private final Duration warmUp;
    private final Duration duration;

    QueueThroughput(Servers servers, int rounds, Duration warmUp, Duration duration) {
        this.servers = servers;
        this.rounds = rounds;
        this.warmUp = warmUp;
        this.duration = duration;
    }

    List<Figure> run() throws Exception {
        List<Double> messages = new ArrayList<>();
        List<Double> pings = new ArrayList<>();
        List<Double> cpuPerMessageUs = new ArrayList<>();
        List<Double> cpuPerPingUs = new ArrayList<>();
        Path data = Files.createTempDirectory(servers.work(), "queues");
        int port = Proc.freePort();
        try (Proc server = servers.reference(port, Bench.ReferenceJvm.OPTIONS, "--data-dir", data.toString());
             LoadDriver client = servers.loadClient(port)) {
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("Message-queue round %d of %d%n", round, rounds);
                long cpu = measure(client, "ping", warmUp, server);
                JsonNode ping = client.ask("ping " + CONNECTIONS + " " + duration.toMillis(), duration.plusMinutes(1));
                cpuPerPingUs.add((server.cpuNanos() - cpu) / 1000.0 / Math.max(1, ping.path("count").asLong()));
                cpu = measure(client, "queue", warmUp, server);
                JsonNode queue = client.ask("queue " + CONNECTIONS + " " + duration.toMillis(), duration.plusMinutes(1));
                cpuPerMessageUs.add((server.cpuNanos() - cpu) / 1000.0 / Math.max(1, queue.path("count").asLong()));
                pings.add(ping.path("requestsPerSecond").asDouble());
                messages.add(queue.path("messagesPerSecond").asDouble());
                System.out.printf("  POST /hello ping %,.0f req/s (%d errors); queue %,.0f messages/s acknowledged, %,d sent"
                                + " (%d errors): %.2f×%n", ping.path("requestsPerSecond").asDouble(), ping.path("errors").asInt(),
                        queue.path("messagesPerSecond").asDouble(), queue.path("sent").asLong(), queue.path("errors").asInt(),
                        queue.path("messagesPerSecond").asDouble() / ping.path("requestsPerSecond").asDouble());
            }
        }
        String load = "Message queue, durable store: " + PRODUCERS + " producers, " + PRODUCERS
                + " consumers, send + receive + ack per message";
        return List.of(
                Figure.atLeast(load, "messages/s", messages, "the same server's POST /hello ping, Java load client, "
                        + CONNECTIONS + " connections", pings, 0.25),
                Figure.info(load, "server CPU per message (µs)", cpuPerMessageUs),
                Figure.info("POST /hello ping, Java load client, " + CONNECTIONS + " connections", "server CPU per request (µs)",
                        cpuPerPingUs));
    }

    /** Runs a warm-up of the workload; the server's CPU time when it is over. */
    private long measure(LoadDriver client, String workload, Duration time, Proc server) throws Exception {
        client.ask(workload + " " + CONNECTIONS + " " + time.toMillis(), time.plusMinutes(1));
        return server.cpuNanos();
    }
}
