package dev.commtck.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.mutants.hostile.HostileServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runner, as users run it (its own process, {@code -Xmx256m}), against targets that misbehave at the transport
 * level: every run must end in FAIL (exit 1) or ERROR (exit 2) within a bound, never hang or run out of memory.
 */
@Execution(ExecutionMode.CONCURRENT) // two runner processes at a time: they mostly wait on sockets
class HostileTargetsTest {

    /** Far more than any of these runs needs; reaching it means the kit hung. */
    static final long RUN_BOUND_SECONDS = 150;

    /** Kinds whose misbehaviour the pre-flight itself meets (the others answer it with a status line, which is all it reads). */
    static final Set<String> PREFLIGHT_MEETS = Set.of("silent", "huge-header", "reset", "not-http", "noise");

    /**
     * Each kind after a healthy pre-flight, so that the suites meet it; and, where the pre-flight can tell, from the
     * first request.
     */
    static Stream<Arguments> targets() {
        return HostileServer.KINDS.stream().flatMap(k -> Stream.concat(
                Stream.of(Arguments.of(k, Named.of("after a healthy pre-flight", true))),
                PREFLIGHT_MEETS.contains(k.id()) ? Stream.of(Arguments.of(k, Named.of("from the first request", false)))
                        : Stream.empty()));
    }

    /**
     * The bound on each response, shorter than the default: these runs prove that every check is bounded, and a
     * server that never answers costs every pattern three such bounds before its endpoints are taken to hang.
     */
    static final String RESPONSE_BOUND = "tolerance.response=1500";

    @TempDir
    Path out;

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targets")
    void theRunEndsInFailOrErrorWithinItsBoundAndHeap(HostileServer.Kind kind, boolean healthyRoot) throws Exception {
        try (HostileServer server = HostileServer.start(kind, healthyRoot, "127.0.0.1", 0)) {
            Path log = out.resolve("runner.log");
            long start = System.nanoTime();
            Process runner = new ProcessBuilder(javaCommand(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                    "-cp", System.getProperty("java.class.path"), CommTck.class.getName(),
                    "run", "--target", server.uri().toString(), "-P", RESPONSE_BOUND, "--out", out.resolve("report").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = runner.waitFor(RUN_BOUND_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                runner.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            String output = tail(log);
            assertTrue(ended, kind.id() + ": the runner did not end within " + RUN_BOUND_SECONDS + " s\n" + output);
            int code = runner.exitValue();
            assertTrue(code == 1 || code == 2, kind.id() + ": exit " + code + " after " + seconds + " s (expected 1 or 2)\n" + output);
            assertTrue(output.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f && c <= 0x9f),
                    kind.id() + ": the console shows control characters the target sent\n" + output);
            System.out.printf("hostile target %-20s %-5s exit %d in %3d s: %s%n", kind.id(), healthyRoot ? "after" : "first",
                    code, seconds,
                    output.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(""));
        }
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
