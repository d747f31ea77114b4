package dev.commtck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The message queue with a durable store ({@code commtck serve --data-dir}): {@link #PRODUCERS} producers send while
 * as many consumers receive and acknowledge each message, against the same server's {@code POST /hello ping} driven by
 * the same load client on as many connections, alternating within each round (each after a warm-up). Two ways to
 * receive:
 * <ul>
 *   <li>one message per request, the figure with a goal: a message costs three requests (send, receive, ack), so
 *       0.333× the ping rate is the limit of a store that costs nothing, and the goal is 0.30×;</li>
 *   <li>batched, up to {@link #BATCH} messages per receive, for information: a message costs a send, an ack and at
 *       least a tenth of a receive, so 0.476× is that limit.</li>
 * </ul>
 */
final class QueueThroughput {

    static final int PRODUCERS = 8;
    private static final int CONNECTIONS = 2 * PRODUCERS;
    /** The most messages a batched receive asks for: the contract's largest {@code max}. */
    private static final int BATCH = 10;

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

    /**
     * The load client's command for the queue workload on {@link #CONNECTIONS} connections for {@code time}, receiving up
     * to {@code perReceive} messages a request.
     */
    static String queueCommand(Duration time, int perReceive) {
        return "queue " + CONNECTIONS + " " + time.toMillis() + " " + perReceive;
    }

    /** A workload's rate (requests or acknowledged messages a second) and the server's CPU time per request or message. */
    private record Measured(double perSecond, double serverCpuUs) {
    }

    List<Figure> run() throws Exception {
        List<Double> pings = new ArrayList<>();
        List<Double> cpuPerPingUs = new ArrayList<>();
        List<Double> messages = new ArrayList<>();
        List<Double> cpuPerMessageUs = new ArrayList<>();
        List<Double> batchedMessages = new ArrayList<>();
        List<Double> cpuPerBatchedMessageUs = new ArrayList<>();
        Path data = Files.createTempDirectory(servers.work(), "queues");
        int port = Proc.freePort();
        try (Proc server = servers.reference(port, Bench.ReferenceJvm.OPTIONS, "--data-dir", data.toString());
             LoadDriver client = servers.loadClient(port)) {
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("Message-queue round %d of %d%n", round, rounds);
                Measured ping = measure(client, server, t -> "ping " + CONNECTIONS + " " + t.toMillis(), "requestsPerSecond");
                Measured single = measure(client, server, t -> queueCommand(t, 1), "messagesPerSecond");
                Measured batched = measure(client, server, t -> queueCommand(t, BATCH), "messagesPerSecond");
                pings.add(ping.perSecond());
                cpuPerPingUs.add(ping.serverCpuUs());
                messages.add(single.perSecond());
                cpuPerMessageUs.add(single.serverCpuUs());
                batchedMessages.add(batched.perSecond());
                cpuPerBatchedMessageUs.add(batched.serverCpuUs());
                System.out.printf("  POST /hello ping %,.0f req/s; queue %,.0f messages/s (%.3f×), up to %d a receive %,.0f"
                                + " messages/s (%.3f×)%n", ping.perSecond(), single.perSecond(), single.perSecond() / ping.perSecond(),
                        BATCH, batched.perSecond(), batched.perSecond() / ping.perSecond());
            }
        }
        String pingLoad = "POST /hello ping, Java load client, " + CONNECTIONS + " connections";
        String consumers = "Message queue, durable store: " + PRODUCERS + " producers, " + PRODUCERS + " consumers";
        String load = consumers + ", send + receive + ack per message";
        String batchedLoad = consumers + " receiving up to " + BATCH + " messages a request, send + ack per message";
        return List.of(
                Figure.atLeast(load, "messages/s", messages, "the same server's " + pingLoad, pings, 0.30),
                Figure.info(load, "server CPU per message (µs)", cpuPerMessageUs),
                Figure.compared(batchedLoad, "messages/s", batchedMessages, "the same server's " + pingLoad, pings),
                Figure.info(batchedLoad, "server CPU per message (µs)", cpuPerBatchedMessageUs),
                Figure.info(pingLoad, "server CPU per request (µs)", cpuPerPingUs));
    }

    /**
     * A warm-up of the workload that {@code command} gives for a time, then the workload measured: the {@code rate}
     * member of the load client's answer, and the server's CPU time per unit counted.
     */
    private Measured measure(LoadDriver client, Proc server, Function<Duration, String> command, String rate) throws Exception {
        client.ask(command.apply(warmUp), warmUp.plusMinutes(1));
        long cpu = server.cpuNanos();
        JsonNode r = client.ask(command.apply(duration), duration.plusMinutes(1));
        double cpuUs = (server.cpuNanos() - cpu) / 1000.0 / Math.max(1, r.path("count").asLong());
        if (r.path("errors").asInt() > 0) {
            System.out.printf("  %s: %d errors%n", command.apply(duration), r.path("errors").asInt());
        }
        return new Measured(r.path(rate).asDouble(), cpuUs);
    }
}
