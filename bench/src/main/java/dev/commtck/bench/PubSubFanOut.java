package dev.commtck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Publish/subscribe under a steady workload: {@code subscribers} subscriptions to one topic on the reference server
 * ({@code GET /topics/bench/events}), then messages published at {@code perSecond} a second for {@code seconds}
 * ({@code POST /topics/bench/messages}) whatever the subscribers do; for each subscription and message, the time from
 * just before the publish was sent until the load client read the message, and the messages that never arrived. A
 * fresh server and load client each round; one second of the same workload first, to warm up.
 */
final class PubSubFanOut {

    private final Servers servers;
    private final int rounds;
    private final int subscribers;
    private final int perSecond;
    private final int seconds;

    PubSubFanOut(Servers servers, int rounds, int subscribers, int perSecond, int seconds) {
        this.servers = servers;
        this.rounds = rounds;
        this.subscribers = subscribers;
        this.perSecond = perSecond;
        this.seconds = seconds;
    }

    List<Figure> run() throws Exception {
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> lost = new ArrayList<>();
        List<Double> rate = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        Duration bound = Duration.ofSeconds(seconds + 60L);
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("Pub/sub round %d of %d: %,d subscribers, %d messages/s for %d s%n", round, rounds,
                    subscribers, perSecond, seconds);
            int port = Proc.freePort();
            try (Proc server = servers.reference(port, Bench.ReferenceJvm.OPTIONS); LoadDriver client = servers.loadClient(port)) {
                client.hold("topic", subscribers);
                client.ask("paced " + perSecond + " " + perSecond, bound);
                JsonNode f = client.ask("paced " + perSecond * seconds + " " + perSecond, bound);
                p50.add(f.path("p50Ms").asDouble());
                p99.add(f.path("p99Ms").asDouble());
                lost.add(f.path("missing").asDouble());
                rate.add(f.path("publishedPerSecond").asDouble());
                rss.add(server.rssBytes() / (double) (1 << 20));
                System.out.printf("  %d messages at %.1f/s: p50 %.1f ms, p99 %.1f ms, worst %.1f ms, %d deliveries missing;"
                                + " server RSS %d MiB%n", f.path("events").asInt(), f.path("publishedPerSecond").asDouble(),
                        f.path("p50Ms").asDouble(), f.path("p99Ms").asDouble(), f.path("maxMs").asDouble(),
                        f.path("missing").asInt(), server.rssBytes() >> 20);
                client.ask("close", Duration.ofMinutes(1));
            }
        }
        String load = String.format("Pub/sub: %,d subscribers of one topic × %d messages/s for %d s", subscribers,
                perSecond, seconds);
        return List.of(
                Figure.atMost(load, "p99 delivery (ms)", p99, 100, "ms"),
                Figure.info(load, "median delivery (ms)", p50),
                Figure.atMost(load, "deliveries missing", lost, 0, ""),
                Figure.info(load, "messages published per second", rate),
                Figure.info(load, "server RSS at the end (MiB)", rss));
    }
}
