package dev.commtck.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.reference.pubsub.TopicService;
import dev.commtck.reference.pubsub.Topics;
import dev.commtck.reference.sse.EventHub;
import dev.commtck.reference.sse.Hub;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunResult;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Publish/subscribe servers unlike the reference must pass: {@link UnusualTopics}, whose paths are configured, with the
 * {@code pub-sub} suite and, for one of its topics, the {@code sse} suite; and the reference's topics must pass the
 * {@code sse} suite, since a topic's subscription and publish resources are an events resource and its trigger
 * (spec/pub-sub.md, "Subscriptions are event streams"); and a server late once, as on a busy machine, must pass the
 * slow-subscriber check.
 */
class UnusualTopicsTest {

    /** How long the server of the busy machine is late, once: more than 'wake', less than 'fast'. */
    static final int HICCUP_MS = 700;
    static final int LARGEST_MESSAGE = 64 * 1024;

    @Test
    void topicsWithJumpingNumbersAnUnusualStreamAndSlowSubscribersKeptConform() {
        try (ReferenceServer server = ReferenceServer.start("127.0.0.1", 0,
                routes -> routes.register(new UnusualTopics()))) {
            RunResult result = Runs.run(server.uri(), Pattern.PUB_SUB, "unusual-pub-sub", UnusualTopics.PATHS);
            assertEquals(ExitCodes.CONFORMING, result.exitCode(), () -> "a correct server was not passed: " + Runs.problems(result));
            assertEquals(0, result.count(Verdict.WARN), () -> "warnings: " + Runs.problems(result));
        }
    }

    /**
     * A correct server on a machine that was busy for a moment: the first message of 64 KiB it publishes (the
     * slow-subscriber check's first) waits {@link #HICCUP_MS} before it goes out, once. PS-SLOW-1 runs its scenario
     * again before it fails a late message, and the second run is on time.
     */
    @Test
    void aServerLateOnceAsOnABusyMachinePassesTheSlowSubscriberCheck() {
        AtomicBoolean busy = new AtomicBoolean(true);
        TopicService lateOnce = new TopicService(new Topics() {
            @Override
            protected Hub newHub(String name, long idsAfter) {
                return new EventHub(HISTORY, HISTORY_BYTES, BACKLOG_BYTES, idsAfter) {
                    @Override
                    public long publish(String payload) {
                        if (payload.length() >= LARGEST_MESSAGE && busy.getAndSet(false)) {
                            pause();
                        }
                        return super.publish(payload);
                    }
                };
            }
        });
        try (ReferenceServer server = ReferenceServer.start("127.0.0.1", 0, routes -> routes.register(lateOnce))) {
            RunResult result = Runs.runOnly(server.uri(), Pattern.PUB_SUB, "pub-sub-late-once", Set.of("PS-SLOW-1"),
                    Map.of());
            assertEquals(ExitCodes.CONFORMING, result.exitCode(), () -> "a server late once was not passed: "
                    + Runs.problems(result));
            assertFalse(busy.get(), "the server was never late, so the check's second run was not tried");
        }
    }

    /** The busy moment of {@link #aServerLateOnceAsOnABusyMachinePassesTheSlowSubscriberCheck}'s server. */
    private static void pause() {
        try {
            Thread.sleep(HICCUP_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void eachTopicOfTheUnusualServerWithItsNoticesIsAConformingEventStream() {
        try (ReferenceServer server = ReferenceServer.start("127.0.0.1", 0,
                routes -> routes.register(new UnusualTopics()))) {
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
