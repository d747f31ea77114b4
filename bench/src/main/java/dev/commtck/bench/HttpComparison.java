package dev.commtck.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The reference server against the seed's Node.js servers and nginx on plain HTTP, interleaved within each round so
 * that all meet the same machine: {@code GET /hello}, {@code POST /hello ping} and {@code GET /bitcoin}. A minimal
 * Netty server ({@link NettyHello}) is measured against nginx too, in the same rounds: what the proposed stack does here.
 */
final class HttpComparison {

    private static final Wrk.Workload GET_HELLO = Wrk.Workload.get("GET /hello", "/hello");
    private static final Wrk.Workload POST_PING = Wrk.Workload.post("POST /hello ping", "/hello", "ping");
    private static final Wrk.Workload GET_BITCOIN = Wrk.Workload.get("GET /bitcoin", "/bitcoin");

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
        int netty = Proc.freePort();
        Map<String, List<Wrk.Result>> results = new LinkedHashMap<>();
        List<Double> cpuPerRequestUs = new ArrayList<>();
        try (Proc seedRr = servers.seed("rr-server.js", rr); Proc seedSp = servers.seed("sp-server.js", sp);
             Proc reference = servers.reference(ref, referenceJvmOptions); Proc nginx = servers.nginx(ngx);
             Proc nettyHello = servers.netty(NettyHello.class, netty)) {
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("HTTP round %d of %d%n", round, rounds);
                for (Wrk.Workload w : List.of(GET_HELLO, POST_PING)) {
                    measure(results, "seed " + w.name(), w, rr);
                    long cpu = reference.cpuNanos();
                    Wrk.Result r = measure(results, "reference " + w.name(), w, ref);
                    cpuPerRequestUs.add((reference.cpuNanos() - cpu) / 1000.0 / (r.requestsPerSecond() * duration.toSeconds()));
                    measure(results, "nginx " + w.name(), w, ngx);
                    measure(results, "netty " + w.name(), w, netty);
                }
                measure(results, "seed " + GET_BITCOIN.name(), GET_BITCOIN, sp);
                measure(results, "reference " + GET_BITCOIN.name(), GET_BITCOIN, ref);
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
            figures.add(Figure.atLeast(load, "requests/s", rps(results, "reference " + w.name()), "nginx return 200 (ceiling)",
                    rps(results, "nginx " + w.name()), 0.8));
            figures.add(Figure.compared(load + ": a minimal Netty server in the reference's place (NettyHello)", "requests/s",
                    rps(results, "netty " + w.name()), "nginx return 200 (ceiling)", rps(results, "nginx " + w.name())));
        }
        figures.add(Figure.atLeast(GET_BITCOIN.name() + ", " + Wrk.CONNECTIONS + " keep-alive connections", "requests/s",
                rps(results, "reference " + GET_BITCOIN.name()), "the seed Express server", rps(results, "seed " + GET_BITCOIN.name()), 10));
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
