package dev.commtck.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.commtck.mutants.push.FragmentingWriter;
import dev.commtck.reference.ReferenceServer;
import dev.commtck.reference.push.PushSettings;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A correct push server unlike the reference on the wire must pass: RFC 6455 §5.4 lets it fragment every message it
 * sends (here in three frames, the first cut inside a character where it can be) and send a Ping between the
 * fragments, and the kit must judge the messages, not their first frames.
 */
class UnusualPushServerTest {

    @Test
    void serverThatFragmentsEveryMessageAndPingsBetweenTheFragments() {
        try (ReferenceServer server = ReferenceServer.start("127.0.0.1", 0, routing -> { },
                push -> push.wire(FragmentingWriter::correct))) {
            RunResult result = Runs.run(server.uri(), Pattern.PUSH, "unusual-push",
                    Map.of("commtck.push.keepalive", Long.toString(PushSettings.DEFAULT.keepAlive().toMillis())));
            assertEquals(ExitCodes.CONFORMING, result.exitCode(),
                    () -> "a correct server was not passed: " + Runs.problems(result));
            assertEquals(0, result.count(Verdict.WARN), () -> "warnings: " + Runs.problems(result));
        }
    }
}
