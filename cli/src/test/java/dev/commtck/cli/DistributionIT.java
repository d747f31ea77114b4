package dev.commtck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.mutants.Mutants;
import dev.commtck.reference.ReferenceServer;
import dev.commtck.tck.runner.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a release gives users, as they would use it (after {@code package}, so failsafe runs it): the versioned jar
 * copied alone into an empty folder runs the kit there; the GitHub Action's script, with the variables GitHub sets
 * for a step, writes the summary to the step summary and hands the verdict on as its output, for a conforming, a
 * non-conforming and an unreachable target.
 */
class DistributionIT {

    private static final Path JAR = Path.of(System.getProperty("commtck.jar"));
    private static final Path ROOT = Path.of(System.getProperty("commtck.root"));
    /** The JDK running this test: the kit needs 21 or newer, whatever {@code java} the PATH holds here. */
    private static final Path JAVA_BIN = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent();

    @TempDir
    Path dir;

    @Test
    void theReleasedJarRunsFromAFolderWithNothingElseInIt() throws IOException, InterruptedException {
        Path jar = Files.copy(JAR, dir.resolve(JAR.getFileName()));
        Process p = new ProcessBuilder(JAVA_BIN.resolve("java").toString(), "-jar", jar.getFileName().toString(), "run",
                "--patterns", "request-response").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("run.log").toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the run ends");
        assertEquals(ExitCodes.CONFORMING, p.exitValue(), Files.readString(dir.resolve("run.log")));
        assertTrue(Files.exists(dir.resolve("commtck-report/summary.md")), "the report is written beside the jar");
    }

    @Test
    void theActionSummarisesEachVerdictAndHandsItOn() throws IOException, InterruptedException {
        try (ReferenceServer failing = Mutants.byId("rr-pong-newline").orElseThrow().start("127.0.0.1", 0)) {
            assertEquals("1", action(failing.uri().toString(), "NOT CONFORMING"));
        }
        assertEquals("0", action("reference", "CONFORMING"));
        assertEquals("2", action("http://127.0.0.1:1", "could not be evaluated"));
    }

    /** Runs the action's script as GitHub would; returns its exit-code output after checking the step summary. */
    private String action(String target, String summarySays) throws IOException, InterruptedException {
        Path summary = dir.resolve("step-summary-" + summarySays.hashCode() + ".md");
        Path output = dir.resolve("output-" + summarySays.hashCode());
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("scripts/github-action.sh").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("action.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("PATH", JAVA_BIN + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.putAll(Map.of("COMMTCK_JAR", JAR.toString(), "GITHUB_STEP_SUMMARY", summary.toString(),
                "GITHUB_OUTPUT", output.toString(), "INPUT_TARGET", target, "INPUT_PATTERNS", "request-response",
                "INPUT_OUT", "report-" + summarySays.hashCode()));
        Process p = pb.start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the action's step ends");
        String log = Files.readString(dir.resolve("action.log"));
        assertEquals(0, p.exitValue(), "the run step itself succeeds, so that the report is uploaded: " + log);
        assertTrue(Files.readString(summary).contains(summarySays), () -> "step summary for " + target + ": " + log);
        List<String> outputs = Files.readAllLines(output);
        assertTrue(outputs.contains("report=report-" + summarySays.hashCode()), outputs::toString);
        return outputs.stream().filter(l -> l.startsWith("exit-code=")).findFirst().orElseThrow().substring(10);
    }
}
