package dev.commtck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The reference server against the seed's Node.js servers and nginx on plain HTTP, interleaved within each round so
 * that all meet the same machine: {@code GET /hello}, {@code POST /hello ping} and {@code GET /bitcoin}, the last also
 * against the reference's own {@code GET /hello} (a short-polling read should cost what a plain answer costs).
 * wrk runs a closed loop, so each server's tail is measured at its own top rate; the Java load client then sends
 * {@code GET /hello} and {@code POST /hello ping} to the seed and the reference at one fixed rate ({@link #PACED_RATE}),
 * to compare their latency under the same load.
 */
final class HttpComparison {

    private static final Wrk.Workload GET_HELLO = Wrk.Workload.get("GET /hello", "/hello");
    private static final Wrk.Workload POST_PING = Wrk.Workload.post("POST /hello ping", "/hello", "ping");
    private static final Wrk.Workload GET_BITCOIN = Wrk.Workload.get("GET /bitcoin", "/bitcoin");
    /**
     * The fixed rate of the latency comparison: a load both servers carry here with the Java load client on the same
     * two cores (the seed answers 27,000–30,000 requests/s to wrk, and falls behind from about 15,000 with this client).
     */
    static final int PACED_RATE = 10_000;

    private final Servers servers;
    private final Wrk wrk;
    private final int rounds;
    private final Duration warmUp;
    private final Duration duration;

    HttpComparison(Servers servers, Wrk wrk, int rounds, Duration warmUp, Duration duration) {
        this.servers = servers;
        this.wrk = wrk;
        this.rounds = rounds;
        this.warmUp = warmUp;
        this.duration = duration;
    }

    List<Figure> run(List<String> referenceJvmOptions) throws Exception {
        int rr = Proc.freePort();
        int sp = Proc.freePort();
        int ref = Proc.freePort();
        int ngx = Proc.freePort();
        Map<String, List<Wrk.Result>> results = new LinkedHashMap<>();
        Map<String, List<JsonNode>> paced = new LinkedHashMap<>();
        List<Double> cpuPerRequestUs = new ArrayList<>();
        try (Proc seedRr = servers.seed("rr-server.js", rr); Proc seedSp = servers.seed("sp-server.js", sp);
             // one event loop, as nginx runs here with one worker: each leaves a core to wrk
             Proc reference = servers.reference(ref, referenceJvmOptions, "--event-loops", "1"); Proc nginx = servers.nginx(ngx);
             LoadDriver seedClient = servers.loadClient(rr); LoadDriver referenceClient = servers.loadClient(ref)) {
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("HTTP round %d of %d%n", round, rounds);
                for (Wrk.Workload w : List.of(GET_HELLO, POST_PING)) {
                    measure(results, "seed " + w.name(), w, rr);
                    long cpu = reference.cpuNanos();
                    Wrk.Result r = measure(results, "reference " + w.name(), w, ref);
                    cpuPerRequestUs.add((reference.cpuNanos() - cpu) / 1000.0 / (r.requestsPerSecond() * duration.toSeconds()));
                    measure(results, "nginx " + w.name(), w, ngx);
                }
                measure(results, "seed " + GET_BITCOIN.name(), GET_BITCOIN, sp);
                measure(results, "reference " + GET_BITCOIN.name(), GET_BITCOIN, ref);
                for (Wrk.Workload w : List.of(GET_HELLO, POST_PING)) {
                    pace(paced, "seed " + w.name(), w, seedClient);
                    pace(paced, "reference " + w.name(), w, referenceClient);
                }
            }
        }
        List<Figure> figures = new ArrayList<>();
        for (Wrk.Workload w : List.of(GET_HELLO, POST_PING)) {
            String load = w.name() + ", " + Wrk.CONNECTIONS + " keep-alive connections";
            figures.add(Figure.atLeast(load, "requests/s", rps(results, "reference " + w.name()), "the seed Node.js server",
                    rps(results, "seed " + w.name()), 4));
            figures.add(Figure.noWorse(load, "p99 latency (ms)", p99(results, "reference " + w.name()), "the seed Node.js server",
                    p99(results, "seed " + w.name())));
            // the p99's context: a closed loop's tail can be worse while most requests are answered sooner
            figures.add(Figure.compared(load, "median latency (ms)", p50(results, "reference " + w.name()), "the seed Node.js server",
                    p50(results, "seed " + w.name())));
            String pacedLoad = w.name() + " at " + String.format("%,d", PACED_RATE) + " requests/s (paced), Java load client, "
                    + Wrk.CONNECTIONS + " keep-alive connections";
            figures.add(Figure.noWorse(pacedLoad, "p99 latency from the scheduled send (ms)",
                    latency(paced, "reference " + w.name(), "p99Ms"), "the seed Node.js server", latency(paced, "seed " + w.name(), "p99Ms")));
            figures.add(Figure.compared(pacedLoad, "median latency from the scheduled send (ms)",
                    latency(paced, "reference " + w.name(), "p50Ms"), "the seed Node.js server", latency(paced, "seed " + w.name(), "p50Ms")));
            figures.add(Figure.atLeast(load, "requests/s", rps(results, "reference " + w.name()), "nginx return 200 (ceiling)",
                    rps(results, "nginx " + w.name()), 0.9));
        }
        String bitcoin = GET_BITCOIN.name() + ", " + Wrk.CONNECTIONS + " keep-alive connections";
        List<Double> bitcoinRps = rps(results, "reference " + GET_BITCOIN.name());
        figures.add(Figure.atLeast(bitcoin, "requests/s", bitcoinRps, "the same server's " + GET_HELLO.name(),
                rps(results, "reference " + GET_HELLO.name()), 0.9));
        figures.add(Figure.compared(bitcoin, "requests/s", bitcoinRps, "the seed Express server", rps(results, "seed " + GET_BITCOIN.name())));
        figures.add(Figure.info("GET /hello and POST ping, reference server", "server CPU per request (µs)", cpuPerRequestUs));
        return figures;
    }

    private Wrk.Result measure(Map<String, List<Wrk.Result>> into, String key, Wrk.Workload w, int port) throws Exception {
        wrk.run(w, port, warmUp);
        Wrk.Result r = wrk.run(w, port, duration);
        if (r.errors() > 0) {
            System.out.printf("  %s: %d errors%n", key, r.errors());
        }
        System.out.printf("  %-32s %10.0f req/s  p50 %6.2f ms  p99 %6.2f ms%n", key, r.requestsPerSecond(), r.p50Ms(), r.p99Ms());
        into.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        return r;
    }

    /** The workload at {@link #PACED_RATE} from the Java load client, after as long a warm-up at that rate as wrk has. */
    private void pace(Map<String, List<JsonNode>> into, String key, Wrk.Workload w, LoadDriver client) throws Exception {
        client.ask(paced(w, warmUp), Duration.ofMinutes(1).plus(warmUp));
        JsonNode r = client.ask(paced(w, duration), Duration.ofMinutes(1).plus(duration));
        double rate = r.path("requestsPerSecond").asDouble();
        System.out.printf("  %-32s %10.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (%d errors, paced%s)%n", key, rate,
                r.path("p50Ms").asDouble(), r.path("p99Ms").asDouble(), r.path("errors").asLong(),
                rate < 0.99 * PACED_RATE ? ": fell behind the rate, its latencies include the backlog" : "");
        into.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }

    private static String paced(Wrk.Workload w, Duration time) {
        return "rate " + (w.postBody() != null ? "ping" : "hello") + " " + Wrk.CONNECTIONS + " " + PACED_RATE + " " + time.toMillis();
    }

    private static List<Double> latency(Map<String, List<JsonNode>> paced, String server, String percentile) {
        return paced.get(server).stream().map(r -> r.path(percentile).asDouble()).toList();
    }

    private static List<Double> rps(Map<String, List<Wrk.Result>> results, String key) {
        return each(results, key, Wrk.Result::requestsPerSecond);
    }

    private static List<Double> p99(Map<String, List<Wrk.Result>> results, String key) {
        return each(results, key, Wrk.Result::p99Ms);
    }

    private static List<Double> p50(Map<String, List<Wrk.Result>> results, String key) {
        return each(results, key, Wrk.Result::p50Ms);
    }

    /** One measure of each round's result for {@code key}. */
    private static List<Double> each(Map<String, List<Wrk.Result>> results, String key, ToDoubleFunction<Wrk.Result> measure) {
        return results.get(key).stream().map(measure::applyAsDouble).toList();
    }
}
