package dev.commtck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-Sent Events fan-out: {@code subscribers} streams open on the reference server ({@code GET /events}), then
 * events published one at a time ({@code POST /events}); for each stream, the time from just before the trigger was
 * sent until the load client read the event. A fresh server and load client each round, warmed up by
 * {@value #WARM_UP_EVENTS} unmeasured events: with one, the first events measured were half as fast again as the
 * tenth, the JIT compiler still at work.
 */
final class SseFanOut {

    private static final int WARM_UP_EVENTS = 10;

    private final Servers servers;
    private final int rounds;
    private final int subscribers;
    private final int events;

    SseFanOut(Servers servers, int rounds, int subscribers, int events) {
        this.servers = servers;
        this.rounds = rounds;
        this.subscribers = subscribers;
        this.events = events;
    }

    List<Figure> run() throws Exception {
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        List<Double> missing = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> serverCpu = new ArrayList<>();
        List<Double> clientCpu = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("SSE fan-out round %d of %d: %,d subscribers%n", round, rounds, subscribers);
            int port = Proc.freePort();
            try (Proc server = servers.reference(port, Bench.ReferenceJvm.OPTIONS); LoadDriver client = servers.loadClient(port)) {
                client.hold("sse", subscribers);
                long peak = server.rssBytes();
                client.ask("fanout " + WARM_UP_EVENTS, Duration.ofMinutes(2));
                long serverBefore = server.cpuNanos();
                long clientBefore = client.cpuNanos();
                JsonNode f = client.ask("fanout " + events, Duration.ofMinutes(2));
                double deliveries = (double) events * subscribers;
                serverCpu.add((server.cpuNanos() - serverBefore) / 1000.0 / deliveries);
                clientCpu.add((client.cpuNanos() - clientBefore) / 1000.0 / deliveries);
                peak = Math.max(peak, server.rssBytes());
                p50.add(f.path("p50Ms").asDouble());
                p99.add(f.path("p99Ms").asDouble());
                all.add(f.path("maxMs").asDouble());
                missing.add(f.path("missing").asDouble());
                rss.add(peak / (double) (1 << 20));
                System.out.printf("  %d events: p50 %.1f ms, p99 %.1f ms, all have it after %s ms, %d missing; server RSS %d MiB%n",
                        events, f.path("p50Ms").asDouble(), f.path("p99Ms").asDouble(), f.path("allHaveItMs"),
                        f.path("missing").asInt(), peak >> 20);
                client.ask("close", Duration.ofMinutes(1));
            }
        }
        String load = String.format("SSE fan-out: %,d subscribers, one event published (%d events a round)", subscribers, events);
        return List.of(
                Figure.atMost(load, "p99 delivery (ms)", p99, 100, "ms"),
                Figure.info(load, "median delivery (ms)", p50),
                Figure.info(load, "time until all have it, worst event (ms)", all),
                Figure.atMost(load, "deliveries missing", missing, 0, ""),
                Figure.atMost(load, "server RSS (MiB)", rss, 1024, "MiB"),
                Figure.info(load, "server CPU per delivery (µs)", serverCpu),
                Figure.info(load, "load client CPU per delivery (µs)", clientCpu));
    }
}
