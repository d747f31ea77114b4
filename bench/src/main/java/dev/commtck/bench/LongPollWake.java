package dev.commtck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Long polling: {@code waiters} waits ({@code GET /jobs/{id}?wait=30}), each on a job of its own, all parked before the
 * first job ends; then every wait must be released, and its wake-up is the time its answer was read minus its job's
 * end, counted from the submission's send time: an upper bound, by up to the submission's round trip (both reported,
 * with the lower bound counted from its answer). Two ways for the jobs to end, each its own figure:
 * <ul>
 *   <li>together: every job timed to end at one moment, the worst case (10,000 answers due at once), its p99 held to
 *       its bound in every round, not only by the median;</li>
 *   <li>as submitted: every job of the same duration, so that they end one after the other in the order they were
 *       submitted, over the seconds the submissions took.</li>
 * </ul>
 * A fresh server and load client each round, warmed up by {@value #WARM_UPS} unmeasured runs of the whole workload
 * (jobs ending together): measured after one run of a tenth of the size, the first full run's wake-ups are twice as
 * slow as the third's, the difference being the JIT compiler's work and the code it has not compiled yet.
 */
final class LongPollWake {

    /**
     * A way for the jobs to end: the load client's name for it, its description in the table, and whether its p99
     * wake-up must be within {@link #P99_BOUND_MS} in every round or by the median of the rounds.
     */
    private record Ending(String name, String description, boolean boundInEveryRound) {
    }

    private static final List<Ending> ENDINGS = List.of(
            new Ending("together", "all their jobs end at one moment", true),
            new Ending("staggered", "their jobs end as they were submitted", false));
    private static final double P99_BOUND_MS = 250;
    private static final int WARM_UPS = 2;

    private final Servers servers;
    private final int rounds;
    private final int waiters;

    LongPollWake(Servers servers, int rounds, int waiters) {
        this.servers = servers;
        this.rounds = rounds;
        this.waiters = waiters;
    }

    /** Time for the jobs to be submitted and the waits parked before the first job ends. */
    private static long budgetMs(int waiters) {
        return 3_000 + waiters * 8L / 10;
    }

    /** One way's values over the rounds. */
    private record Series(List<Double> p50, List<Double> p99, List<Double> max, List<Double> lower, List<Double> unreleased,
                          List<Double> serverCpu, List<Double> clientCpu) {
        Series() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>());
        }
    }

    List<Figure> run() throws Exception {
        Map<Ending, Series> series = new LinkedHashMap<>();
        ENDINGS.forEach(e -> series.put(e, new Series()));
        List<Double> submit = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("Long-polling round %d of %d: %,d waiters%n", round, rounds, waiters);
            int port = Proc.freePort();
            try (Proc server = servers.reference(port, Bench.ReferenceJvm.OPTIONS); LoadDriver client = servers.loadClient(port)) {
                warmUp(client);
                long peak = 0;
                double submitP99 = 0;
                for (Ending ending : ENDINGS) {
                    Wave w = wave(server, client, ending.name(), series.get(ending));
                    peak = Math.max(peak, w.peakRss);
                    submitP99 = Math.max(submitP99, w.submitP99Ms);
                }
                submit.add(submitP99);
                rss.add(peak / (double) (1 << 20));
                System.out.printf("  server RSS %d MiB at most%n", peak >> 20);
            }
        }
        List<Figure> figures = new ArrayList<>();
        String all = String.format("Long polling: %,d parked waiters", waiters);
        for (Ending ending : ENDINGS) {
            Series s = series.get(ending);
            String load = all + ", then " + ending.description();
            figures.add(ending.boundInEveryRound() ? Figure.atMostInEveryRound(load, "p99 wake-up (ms)", s.p99, P99_BOUND_MS, "ms")
                    : Figure.atMost(load, "p99 wake-up (ms)", s.p99, P99_BOUND_MS, "ms"));
            figures.add(Figure.info(load, "p99 wake-up counted from the submission's answer, a lower bound (ms)", s.lower));
            figures.add(Figure.info(load, "median wake-up (ms)", s.p50));
            figures.add(Figure.info(load, "slowest wake-up (ms)", s.max));
            figures.add(Figure.atMost(load, "waiters not released", s.unreleased, 0, ""));
            figures.add(Figure.info(load, "server CPU per wake-up (µs)", s.serverCpu));
            figures.add(Figure.info(load, "load client CPU per wake-up (µs)", s.clientCpu));
        }
        figures.add(Figure.info(all, "p99 submission round trip: how much a wake-up may overstate (ms)", submit));
        figures.add(Figure.atMost(all, "server RSS (MiB)", rss, 1024, "MiB"));
        return figures;
    }

    private void warmUp(LoadDriver client) throws Exception {
        for (int w = 0; w < WARM_UPS; w++) {
            client.ask("wake " + waiters + " " + budgetMs(waiters) + " together", "parked", bound());
            client.await("wake", bound());
        }
    }

    private Duration bound() {
        return Duration.ofMillis(2 * budgetMs(waiters)).plusMinutes(2);
    }

    /** What one measured wake tells beyond its series: the server's peak RSS, and its submissions' p99 round trip. */
    private record Wave(long peakRss, double submitP99Ms) {
    }

    /** One measured wake of {@code waiters} waits, their jobs ending as {@code ending} says, into {@code s}. */
    private Wave wave(Proc server, LoadDriver client, String ending, Series s) throws Exception {
        JsonNode parked = client.ask("wake " + waiters + " " + budgetMs(waiters) + " " + ending, "parked", bound());
        long peak = server.rssBytes();
        long serverBefore = server.cpuNanos();
        long clientBefore = client.cpuNanos();
        JsonNode w = client.await("wake", bound());
        // from the last wait parked to the last answer read: the jobs' ends and the answers
        s.serverCpu.add((server.cpuNanos() - serverBefore) / 1000.0 / waiters);
        s.clientCpu.add((client.cpuNanos() - clientBefore) / 1000.0 / waiters);
        s.p50.add(w.path("p50Ms").asDouble());
        s.p99.add(w.path("p99Ms").asDouble());
        s.max.add(w.path("maxMs").asDouble());
        s.lower.add(w.path("p99LowerBoundMs").asDouble());
        s.unreleased.add((double) (waiters - w.path("released").asInt()));
        System.out.printf("  %s: %d parked (%d late), %d released, %d pending, %d errors: wake-up p50 %.1f ms,"
                        + " p99 %.1f ms (at least %.1f ms), max %.1f ms; submission p99 %.1f ms%n", ending,
                parked.path("parked").asInt(), parked.path("late").asInt(), w.path("released").asInt(),
                w.path("pending").asInt(), w.path("errors").asInt(), w.path("p50Ms").asDouble(),
                w.path("p99Ms").asDouble(), w.path("p99LowerBoundMs").asDouble(), w.path("maxMs").asDouble(),
                w.path("submitP99Ms").asDouble());
        return new Wave(Math.max(peak, server.rssBytes()), w.path("submitP99Ms").asDouble());
    }
}
