package dev.commtck.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A correct event stream unlike the reference's must pass, with its paths configured (see {@link UnusualEventStreams}). */
class UnusualEventStreamsTest {

    @Test
    void eventStreamWithBomCrlfGzipEventsOfItsOwnItsOwnHeartbeatAndPathsElsewhere() {
        try (ReferenceServer server = ReferenceServer.start("127.0.0.1", 0,
                routes -> routes.register(new UnusualEventStreams()))) {
            RunResult result = Runs.run(server.uri(), Pattern.SSE, "unusual-sse", Map.of(
                    "commtck.paths.sse.events", "/api/events?topic=prices",
                    "commtck.paths.sse.trigger", "/api/events",
                    "commtck.sse.heartbeat", String.valueOf(UnusualEventStreams.HEARTBEAT.toMillis())));
            assertEquals(ExitCodes.CONFORMING, result.exitCode(), () -> "a correct server was not passed: " + Runs.problems(result));
            assertEquals(0, result.count(dev.commtck.tck.Verdict.WARN), () -> "warnings: " + Runs.problems(result));
        }
    }
}
