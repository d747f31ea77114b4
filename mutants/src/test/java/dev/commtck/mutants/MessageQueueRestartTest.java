package dev.commtck.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.TckSettings;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.Suites;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * check must catch that (MQ-DURABLE-1 fails): the check is shown to be able to fail. The mutants that restart
 * ({@code MutationTest}) show the other faults it catches.
 */
class MessageQueueRestartTest {

    static final String RESTART_COMMAND = "commtck.message-queue.restart-command";

    @TempDir
    Path work;

    @Test
    void referenceOnADataDirectoryKeepsItsMessagesAcrossAKill() throws Exception {
        try (ServerProcess server = ServerProcess.start(work, "--data-dir", work.resolve("data").toString())) {
            RunResult result = Runs.run(server.uri(), Pattern.MESSAGE_QUEUE, "restart-durable",
                    Map.of(RESTART_COMMAND, server.restartCommand()));
            for (String durable : new String[] {"MQ-DURABLE-1", "MQ-DURABLE-2"}) {
                assertEquals(Verdict.PASS, verdictOf(result, durable), () -> durable + " against the reference on a data"
                        + " directory: " + Runs.problems(result) + "\nserver log:\n" + server.log());
            }
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

    private static Verdict verdictOf(RunResult result, String requirement) {
        return result.requirements().stream().filter(r -> r.requirement().id().equals(requirement))
                .findFirst().orElseThrow().verdict();
    }
}
