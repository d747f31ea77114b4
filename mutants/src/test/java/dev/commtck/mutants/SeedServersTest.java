package dev.commtck.mutants;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunResult;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's own demo servers (src/test/seed, Node.js) are real third-party targets, and the TCK must pass them.
 * Skipped where Node.js is missing, unless {@code -Dcommtck.seed.required=true} (CI) makes that a failure.
 */
class SeedServersTest {

    private static final Path SEED = Path.of("src", "test", "seed");
    private static final boolean REQUIRED = Boolean.getBoolean("commtck.seed.required");

    @TempDir
    Path work;

    @Test
    void requestResponseSeedServerConforms() throws Exception {
        requireTool("node", "--version");
        copySeed();
        assertConforms("rr-server.js", Pattern.REQUEST_RESPONSE);
    }

    @Test
    void shortPollingSeedServerConforms() throws Exception {
        requireTool("node", "--version");
        copySeed();
        boolean installed = run(Duration.ofMinutes(3), "npm", "install", "--no-audit", "--no-fund", "--silent") == 0;
        require(installed, "npm install of express failed (no access to the npm registry?)");
        assertConforms("sp-server.js", Pattern.SHORT_POLLING);
    }

    private void assertConforms(String script, Pattern pattern) throws Exception {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder("node", "-r", "./port-override.js", script).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve(script + ".log").toFile());
        pb.environment().put("PORT", Integer.toString(port));
        Process node = pb.start();
        try {
            await("the seed server " + script + " to listen on " + port).atMost(Duration.ofSeconds(20))
                    .until(() -> accepts(port) || !node.isAlive());
            assertEquals(true, node.isAlive(), () -> script + " exited: " + log(script));
            RunResult result = Runs.run(URI.create("http://127.0.0.1:" + port), pattern, "seed-" + pattern.id());
            assertEquals(ExitCodes.CONFORMING, result.exitCode(), () -> "the seed's " + script + " must pass the "
                    + pattern.id() + " suites: " + Runs.problems(result));
        } finally {
            node.destroy();
            if (!node.waitFor(5, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    private void copySeed() throws IOException {
        for (String f : List.of("rr-server.js", "sp-server.js", "port-override.js", "package.json")) {
            Files.copy(SEED.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void requireTool(String... command) {
        boolean present;
        try {
            present = run(Duration.ofSeconds(20), command) == 0;
        } catch (UncheckedIOException e) {
            present = false;
        }
        require(present, command[0] + " is not on the PATH");
    }

    private static void require(boolean condition, String reason) {
        if (REQUIRED) {
            assertEquals(true, condition, reason + ", and commtck.seed.required is set");
        }
        assumeTrue(condition, reason + ": the seed servers are not checked here");
    }

    private int run(Duration bound, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(new File(work.toFile(), command[0] + ".out")).start();
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String log(String script) {
        try {
            return Files.readString(work.resolve(script + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
