package dev.commtck.tck.messagequeue;

import static org.awaitility.Awaitility.await;

import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Target;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Restarts the server under test with the run's {@code message-queue.restart-command} (a POSIX shell command), or one
 * node of it with {@code message-queue.node-restart-command} (the node named in the command's environment), then
 * waits until it accepts connections again. Both are bounded by {@code tolerance.message-queue.restart}; a command
 * that fails or a server that does not come back means the kit could not evaluate durability (ERROR), not that it is
 * missing.
 */
final class RestartCommand {

    /** How much of the command's output the evidence keeps. */
    private static final int OUTPUT_KEPT = 4096;

    private final Target target;
    private final String command;
    private final Duration bound;
    private final Map<String, String> environment;

    /** Restarts {@code target} (a node, for a node's command) with {@code command}, run with {@code environment} added. */
    RestartCommand(Target target, String command, Duration bound, Map<String, String> environment) {
        this.target = target;
        this.command = command;
        this.bound = bound;
        this.environment = Map.copyOf(environment);
    }

    void run() {
        long start = target.evidence().now();
        Path output = null;
        try {
            output = Files.createTempFile("commtck-restart", ".log");
            // the output goes to a file: a server started in the background keeps the command's stdout open
            ProcessBuilder b = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            b.environment().putAll(environment);
            Process p = b.start();
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new EvaluationError("the restart command did not finish within " + bound.toMillis()
                        + " ms (tolerance message-queue.restart): " + command);
            }
            String out = tail(output);
            target.evidence().record(start, target.endpoint().evidencePrefix() + "restart command exited " + p.exitValue()
                    + ": " + command + (environment.isEmpty() ? "" : " with " + environment),
                    Map.of("output", out));
            if (p.exitValue() != 0) {
                throw new EvaluationError("the restart command exited " + p.exitValue() + ": " + command + "\n" + out);
            }
        } catch (IOException e) {
            throw new EvaluationError("cannot run the restart command " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationError("interrupted while restarting the server", e);
        } finally {
            delete(output);
        }
        long back = target.evidence().now();
        try {
            await("the target to accept connections after the restart").atMost(bound).pollInterval(Duration.ofMillis(100))
                    .until(this::accepts);
        } catch (ConditionTimeoutException e) {
            throw new EvaluationError(who() + " did not accept connections within " + bound.toMillis()
                    + " ms (tolerance message-queue.restart) after the restart command");
        }
        target.evidence().record(back, who() + " accepts connections again after the restart", Map.of());
    }

    /** {@code the target}, or the node that was restarted. */
    private String who() {
        return target.endpoint().name().isEmpty() ? "the target" : target.endpoint().name() + " " + target.uri();
    }

    private boolean accepts() {
        int port = target.uri().getPort() >= 0 ? target.uri().getPort() : "https".equals(target.uri().getScheme()) ? 443 : 80;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target.uri().getHost(), port), (int) target.tolerances().fast().toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path output) throws IOException {
        byte[] bytes = Files.readAllBytes(output);
        int from = Math.max(0, bytes.length - OUTPUT_KEPT);
        return (from > 0 ? "… " : "") + new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    }

    private static void delete(Path output) {
        if (output != null) {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                // a temporary file left behind harms nothing
            }
        }
    }
}
