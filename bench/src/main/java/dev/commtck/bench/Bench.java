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
import java.util.Set;

/**
 * The benchmark suite (run it with {@code bench/run.sh}). Every loop is bounded in count and time and targets
 * 127.0.0.1; servers and load generators are separate processes.
 *
 * <pre>
 * bench/run.sh                       the full suite: 3 rounds, 10 s per measurement
 * bench/run.sh --quick               1 round, short measurements (to check that it works)
 * bench/run.sh --only http,tck       some sections
 * </pre>
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
        Results.write(out, machine(quick), rounds, figures);
        System.out.println(Files.readString(out.resolve("latest.md")));
        System.out.println("Written: " + out.resolve("latest.md") + " and latest.json");
    }

    private static Set<String> sections(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--only")) {
                return Set.of(args[i + 1].split(","));
            }
        }
        return Set.of("http", "tck");
    }

    /** What the figures were measured on. */
    static Map<String, String> machine(boolean quick) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Date", LocalDate.now().toString());
        m.put("Cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("CPU", Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown"));
        m.put("Memory", Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " "));
        m.put("JDK", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("Reference server JVM options", String.join(" ", ReferenceJvm.OPTIONS));
        m.put("Mode", quick ? "quick (1 round, 3 s measurements: a smoke test, not figures to quote)" : "full");
        return m;
    }

    /** How the benchmark starts the reference server: the defaults a user gets, with the heap bounded so memory figures mean something. */
    static final class ReferenceJvm {
        static final List<String> OPTIONS = List.of("-Xmx1g");
    }
}
