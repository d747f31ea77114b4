package dev.commtck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The TCK itself: a full run of every pattern against the embedded reference server, as users run it. */
final class TckTiming {

    private final Path root;
    private final Path work;
    private final int rounds;

    TckTiming(Path root, Path work, int rounds) {
        this.root = root;
        this.work = work;
        this.rounds = rounds;
    }

    List<Figure> run() throws Exception {
        List<Double> wall = new ArrayList<>();
        Map<String, List<Double>> perPattern = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            Path out = work.resolve("tck-run-" + round);
            long start = System.nanoTime();
            Proc run = Proc.start("commtck run", List.of(Proc.jdkTool("java"),
                    "-jar", root.resolve("cli/target/commtck.jar").toString(), "run", "--out", out.toString()),
                    work, work.resolve("tck-run-" + round + ".log"), Map.of());
            int exit = run.await(Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (exit != 0) {
                throw new IllegalStateException("the TCK against the reference server exited " + exit + ": " + run.output());
            }
            wall.add(seconds);
            JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            Map<String, Double> sums = new LinkedHashMap<>();
            for (JsonNode r : summary.path("requirements")) {
                double ms = 0;
                for (JsonNode t : r.path("tests")) {
                    ms += t.path("durationMs").asDouble();
                }
                sums.merge(r.path("pattern").asText(), ms / 1000, Double::sum);
            }
            sums.forEach((p, s) -> perPattern.computeIfAbsent(p, k -> new ArrayList<>()).add(s));
            System.out.printf("TCK round %d of %d: %.1f s wall%n", round, rounds, seconds);
        }
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.atMost("the whole TCK against the reference server (./commtck run, JVM start and report included)",
                "wall time (s)", wall, 60, "s"));
        perPattern.forEach((p, s) -> figures.add(Figure.info("  " + p + " suite", "test time (s)", s)));
        return figures;
    }
}
