package dev.commtck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The benchmark suite (run it with {@code bench/run.sh}). Every loop is bounded in count and time and targets
 * 127.0.0.1; servers and load generators are separate processes.
 *
 * <pre>
 * bench/run.sh                       the full suite: 3 rounds, 10 s per measurement, 10,000 connections
 * bench/run.sh --quick               1 round, short measurements, 1,000 connections (to check that it works)
 * bench/run.sh --only http,tck       some sections, of: http, tck, sse, longpoll, queue, memory, pubsub, cluster
 * bench/run.sh --connections 5000    how many connections the SSE, long-polling and memory sections hold
 * bench/run.sh --only cluster --results cluster   write bench/results/cluster.md and .json instead of latest.*
 * bench/run.sh --database-admin URL  the PostgreSQL server of the cluster section (it makes a database per setup)
 * </pre>
 *
 * <p>The cluster section runs only when asked for: it needs a PostgreSQL server.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("commtck.root", ".")).toAbsolutePath().normalize();
        boolean quick = List.of(args).contains("--quick");
        int rounds = quick ? 1 : 3;
        Duration duration = Duration.ofSeconds(quick ? 3 : 10);
        Duration warmUp = Duration.ofSeconds(quick ? 1 : 3);
        Set<String> only = sections(args);
        String loadAtStart = load();
        Path work = Files.createTempDirectory("commtck-bench");
        Path out = root.resolve("bench/results");

        List<Figure> figures = new ArrayList<>();
        Servers servers = new Servers(root, work);
        if (only.contains("http")) {
            figures.addAll(new HttpComparison(servers, new Wrk(work), rounds, warmUp, duration).run(ReferenceJvm.OPTIONS));
        }
        if (only.contains("tck")) {
            figures.addAll(new TckTiming(root, work, rounds).run());
        }
        int connections = option(args, "--connections").map(Integer::parseInt).orElse(quick ? 1_000 : 10_000);
        if (only.contains("sse")) {
            figures.addAll(new SseFanOut(servers, rounds, connections, quick ? 2 : 5).run());
        }
        if (only.contains("longpoll")) {
            figures.addAll(new LongPollWake(servers, rounds, connections).run());
        }
        if (only.contains("queue")) {
            figures.addAll(new QueueThroughput(servers, rounds, warmUp, duration).run());
        }
        if (only.contains("memory")) {
            figures.addAll(new MemoryPerConnection(servers, rounds, connections / 10, connections).run());
        }
        if (only.contains("pubsub")) {
            figures.addAll(new PubSubFanOut(servers, rounds, 1_000, 10, quick ? 5 : 30).run());
        }
        if (only.contains("cluster")) {
            figures.addAll(new ClusterScaling(servers, rounds, warmUp, duration, connections, quick ? 2 : 5,
                    option(args, "--database-admin").orElse(ClusterScaling.ADMIN)).run());
        }
        String name = option(args, "--results").orElse("latest");
        Results.write(out, name, machine(quick, loadAtStart), rounds, figures);
        System.out.println(Files.readString(out.resolve(name + ".md")));
        System.out.println("Written: " + out.resolve(name + ".md") + " and " + name + ".json");
    }

    private static Set<String> sections(String[] args) {
        return option(args, "--only").map(v -> Set.of(v.split(",")))
                .orElse(Set.of("http", "tck", "sse", "longpoll", "queue", "memory", "pubsub"));
    }

    private static Optional<String> option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }

    /** What the figures were measured on. */
    static Map<String, String> machine(boolean quick, String loadAtStart) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Date", LocalDate.now().toString());
        m.put("Cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("CPU", Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown"));
        m.put("Memory", Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " "));
        m.put("JDK", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("Reference server JVM options", String.join(" ", ReferenceJvm.OPTIONS));
        m.put("Load average (1, 5, 15 min)", "at the start " + loadAtStart + ", at the end " + load()
                + " (the machine is shared with other builds)");
        m.put("Load client", "Java, its own process: virtual threads for requests, one selector thread reading the"
                + " streams and waits it only listens to; plain sockets to 127.0.0.1 (" + String.join(" ", LoadDriver.JVM_OPTIONS)
                + "); file descriptors per process: " + fileDescriptorLimit());
        m.put("Mode", quick ? "quick (1 round, 3 s measurements, 1,000 connections: a smoke test, not figures to quote)" : "full");
        return m;
    }

    /** The machine's load averages now (the machine is shared). */
    private static String load() {
        try {
            String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return avg[0] + " " + avg[1] + " " + avg[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String fileDescriptorLimit() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                    .map(l -> l.replaceAll("\\s+", " ").split(" ")[3]).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** How the benchmark starts the reference server: the defaults a user gets, with the heap bounded so memory figures mean something. */
    static final class ReferenceJvm {
        static final List<String> OPTIONS = List.of("-Xmx1g");
    }
}
