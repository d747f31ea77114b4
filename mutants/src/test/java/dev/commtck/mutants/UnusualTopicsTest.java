package dev.commtck.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Publish/subscribe servers unlike the reference must pass: {@link UnusualTopics}, whose paths are configured, with the
 * {@code pub-sub} suite and, for one of its topics, the {@code sse} suite; and the reference's topics must pass the
 * {@code sse} suite, since a topic's subscription and publish resources are an events resource and its trigger
 * (spec/pub-sub.md, "Subscriptions are event streams").
 */
class UnusualTopicsTest {

    @Test
    void topicsWithJumpingNumbersAnUnusualStreamAndSlowSubscribersKeptConform() {
        try (ReferenceServer server = ReferenceServer.start("127.0.0.1", 0,
                routing -> routing.register("/api", new UnusualTopics()))) {
            RunResult result = Runs.run(server.uri(), Pattern.PUB_SUB, "unusual-pub-sub", UnusualTopics.PATHS);
            assertEquals(ExitCodes.CONFORMING, result.exitCode(), () -> "a correct server was not passed: " + Runs.problems(result));
            assertEquals(0, result.count(Verdict.WARN), () -> "warnings: " + Runs.problems(result));
        }
    }

    @Test
    void eachTopicOfTheUnusualServerWithItsNoticesIsAConformingEventStream() {
        try (ReferenceServer server = ReferenceServer.start("127.0.0.1", 0,
                routing -> routing.register("/api", new UnusualTopics()))) {
            RunResult result = Runs.run(server.uri(), Pattern.SSE, "unusual-pub-sub-topic-as-sse", UnusualTopics.SSE_PATHS);
            assertEquals(ExitCodes.CONFORMING, result.exitCode(), () -> "a topic is not a conforming event stream: "
                    + Runs.problems(result));
            assertEquals(0, result.count(Verdict.WARN), () -> "warnings: " + Runs.problems(result));
        }
    }

    @Test
    void eachTopicOfTheReferenceIsAConformingEventStream() {
        try (ReferenceServer server = ReferenceServer.start("127.0.0.1", 0)) {
            RunResult result = Runs.run(server.uri(), Pattern.SSE, "pub-sub-topic-as-sse", Map.of(
                    "commtck.paths.sse.events", "/topics/sse-check/events",
                    "commtck.paths.sse.trigger", "/topics/sse-check/messages"));
            assertEquals(ExitCodes.CONFORMING, result.exitCode(), () -> "a topic is not a conforming event stream: "
                    + Runs.problems(result));
            assertEquals(0, result.count(Verdict.WARN), () -> "warnings: " + Runs.problems(result));
        }
    }
}
