package dev.commtck.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunResult;
import org.junit.jupiter.api.Test;

/**
 * A correct message queue that looks nothing like the reference must pass too: another HTTP stack, other paths (given
 * as configuration), {@code 200} with an empty list for an empty receive, {@code 200} and a body for an ack,
 * {@code 410} for a stale receipt, extra JSON members in another order. It offers neither release nor dead letters,
 * which the suite must detect as N/A.
 */
class UnusualQueueServerTest {

    @Test
    void independentQueueWithOtherPathsAndAnswersConforms() throws Exception {
        try (AlternativeQueueServer server = new AlternativeQueueServer()) {
            RunResult result = Runs.run(server.uri(), Pattern.MESSAGE_QUEUE, "unusual-mq-alternative",
                    AlternativeQueueServer.PATHS);
            assertEquals(ExitCodes.CONFORMING, result.exitCode(), () -> "a correct queue was not passed: "
                    + Runs.problems(result));
            for (String optional : new String[] {"MQ-RELEASE-1", "MQ-DEAD-1"}) {
                assertEquals(Verdict.NOT_APPLICABLE, result.requirements().stream()
                        .filter(r -> r.requirement().id().equals(optional)).findFirst().orElseThrow().verdict(),
                        optional + " on a server without it");
            }
        }
    }
}
