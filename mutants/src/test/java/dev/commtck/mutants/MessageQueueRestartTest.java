package dev.commtck.mutants;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.reference.ReferenceServerMain;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.TckSettings;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.Suites;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The durability check, end to end: the reference server runs as a process of its own, and the message-queue suite
 * restarts it with a command that kills it ({@code kill -9}) and starts it again on the same data. On a data directory
 * it must pass the whole suite, durability included; with its queues in memory it loses them, and the durability
 * check must catch that (MQ-DURABLE-1 fails): the check is shown to be able to fail.
 */
class MessageQueueRestartTest {

    private static final String RESTART_COMMAND = "commtck.message-queue.restart-command";

    @TempDir
    Path work;

    @Test
    void referenceOnADataDirectoryKeepsItsMessagesAcrossAKill() throws Exception {
        try (ServerProcess server = ServerProcess.start(work, "--data-dir", work.resolve("data").toString())) {
            RunResult result = Runs.run(server.uri(), Pattern.MESSAGE_QUEUE, "restart-durable",
                    Map.of(RESTART_COMMAND, server.restartCommand()));
            assertEquals(Verdict.PASS, verdictOf(result), () -> "MQ-DURABLE-1 against the reference on a data directory: "
                    + Runs.problems(result) + "\nserver log:\n" + server.log());
            assertEquals(ExitCodes.CONFORMING, result.exitCode(), () -> Runs.problems(result));
        }
    }

    @Test
    void referenceInMemoryIsCaughtLosingItsMessages() throws Exception {
        try (ServerProcess server = ServerProcess.start(work)) {
            // only the durability check: the rest of the suite is what the test above runs
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClass(Suites.packageOf(Pattern.MESSAGE_QUEUE) + ".DurabilityTest"))
                    .configurationParameters(Map.of(TckSettings.TARGET, server.uri().toString(),
                            RESTART_COMMAND, server.restartCommand()))
                    .build(), summary);
            List<String> failures = summary.getSummary().getFailures().stream()
                    .map(f -> String.valueOf(f.getException().getMessage())).toList();
            assertTrue(failures.size() == 1 && failures.get(0).startsWith("MQ-DURABLE-1 (MAY) is violated"),
                    () -> "MQ-DURABLE-1 must fail against the reference in memory; failures: " + failures
                            + "\nserver log:\n" + server.log());
        }
    }

    private static Verdict verdictOf(RunResult result) {
        return result.requirements().stream().filter(r -> r.requirement().id().equals("MQ-DURABLE-1"))
                .findFirst().orElseThrow().verdict();
    }

    /**
     * The reference server in a JVM of its own, started by a shell script that writes its process id to a file, so
     * that the restart script can kill exactly it and start its successor the same way.
     */
    private record ServerProcess(Path dir, int port) implements AutoCloseable {

        static ServerProcess start(Path dir, String... options) throws IOException, InterruptedException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> args = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
                    ReferenceServerMain.class.getName(), "--port", Integer.toString(port)));
            args.addAll(List.of(options));
            Files.write(dir.resolve("server.args"), args.stream().map(a -> "\"" + a + "\"").toList());
            String java = ProcessHandle.current().info().command().orElse("java");
            Files.writeString(dir.resolve("start.sh"), """
                    cd "$(dirname "$0")"
                    "%s" @server.args >> server.log 2>&1 &
                    echo $! > server.pid
                    """.formatted(java));
            Files.writeString(dir.resolve("restart.sh"), """
                    cd "$(dirname "$0")"
                    old=$(cat server.pid)
                    kill -9 "$old"
                    while kill -0 "$old" 2>/dev/null; do sleep 0.05; done
                    sh start.sh
                    """);
            ServerProcess server = new ServerProcess(dir, port);
            Process starter = new ProcessBuilder("sh", dir.resolve("start.sh").toString()).inheritIO().start();
            starter.waitFor(20, TimeUnit.SECONDS);
            await("the reference server process to listen on " + port).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(server::accepts);
            return server;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + port);
        }

        String restartCommand() {
            return "sh " + dir.resolve("restart.sh");
        }

        boolean accepts() {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        String log() {
            try {
                return Files.readString(dir.resolve("server.log"));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() throws IOException {
            long pid = Long.parseLong(Files.readString(dir.resolve("server.pid")).strip());
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
            });
        }
    }
}
