package dev.commtck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Long polling: {@code waiters} waits ({@code GET /jobs/{id}?wait=30}), each on a job of its own whose duration is
 * chosen so that all the jobs end at one moment, after every wait has been sent; then every wait must be released,
 * and its wake-up is the time its answer was read minus its job's end, counted from the submission's send time: an
 * upper bound, by up to the submission's round trip (both reported, with the lower bound counted from its answer). A fresh server and load client each round, after
 * a warm-up of a tenth of the size.
 */
final class LongPollWake {

    private final Servers servers;
    private final int rounds;
    private final int waiters;

    LongPollWake(Servers servers, int rounds, int waiters) {
        this.servers = servers;
        this.rounds = rounds;
        this.waiters = waiters;
    }

    /** Time for the jobs to be submitted and the waits parked before the jobs end. */
    private static long budgetMs(int waiters) {
        return 2_000 + waiters * 6L / 10;
    }

    List<Figure> run() throws Exception {
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> max = new ArrayList<>();
        List<Double> unreleased = new ArrayList<>();
        List<Double> submit = new ArrayList<>();
        List<Double> lower = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("Long-polling round %d of %d: %,d waiters%n", round, rounds, waiters);
            int port = Proc.freePort();
            try (Proc server = servers.reference(port, Bench.ReferenceJvm.OPTIONS); LoadDriver client = servers.loadClient(port)) {
                int warmUp = Math.max(1, waiters / 10);
                client.ask("wake " + warmUp + " " + budgetMs(warmUp), "parked", Duration.ofMinutes(2));
                client.await("wake", Duration.ofMinutes(2));
                Duration bound = Duration.ofMillis(budgetMs(waiters)).plusMinutes(2);
                JsonNode parked = client.ask("wake " + waiters + " " + budgetMs(waiters), "parked", bound);
                long peak = server.rssBytes();
                JsonNode w = client.await("wake", bound);
                peak = Math.max(peak, server.rssBytes());
                p50.add(w.path("p50Ms").asDouble());
                p99.add(w.path("p99Ms").asDouble());
                max.add(w.path("maxMs").asDouble());
                unreleased.add((double) (waiters - w.path("released").asInt()));
                submit.add(w.path("submitP99Ms").asDouble());
                lower.add(w.path("p99LowerBoundMs").asDouble());
                rss.add(peak / (double) (1 << 20));
                System.out.printf("  %d parked (%d late), %d released, %d pending, %d errors: wake-up p50 %.1f ms, p99 %.1f ms"
                                + " (at least %.1f ms), max %.1f ms; submission p99 %.1f ms; server RSS %d MiB%n",
                        parked.path("parked").asInt(), parked.path("late").asInt(), w.path("released").asInt(),
                        w.path("pending").asInt(), w.path("errors").asInt(), w.path("p50Ms").asDouble(),
                        w.path("p99Ms").asDouble(), w.path("p99LowerBoundMs").asDouble(), w.path("maxMs").asDouble(),
                        w.path("submitP99Ms").asDouble(), peak >> 20);
            }
        }
        String load = String.format("Long polling: %,d parked waiters, then all their jobs end", waiters);
        return List.of(
                Figure.atMost(load, "p99 wake-up (ms)", p99, 250, "ms"),
                Figure.info(load, "median wake-up (ms)", p50),
                Figure.info(load, "slowest wake-up (ms)", max),
                Figure.atMost(load, "waiters not released", unreleased, 0, ""),
                Figure.info(load, "p99 wake-up counted from the submission's answer, a lower bound (ms)", lower),
                Figure.info(load, "p99 submission round trip: how much the wake-up may overstate (ms)", submit),
                Figure.atMost(load, "server RSS (MiB)", rss, 1024, "MiB"));
    }
}
