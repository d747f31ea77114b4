package dev.commtck.tck.pubsub;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.pubsub.WorkloadChecker.Finding;
import dev.commtck.tck.support.ConformanceFailure;
import dev.commtck.tck.support.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tens of subscribers on four topics while several publishers publish thousands of messages: the workload runs once, in
 * the first of these tests, and each test checks one requirement on what the subscribers received. A failure quotes the
 * first offending subscribers and their streams; the report has the publish-to-delivery latency of every run.
 */
@ConformanceSuite(Pattern.PUB_SUB)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("pub-sub: a fan-out workload, checked from what every subscriber received")
class WorkloadTest {

    /** How many findings a failure quotes, and how many streams it shows. */
    static final int QUOTED = 3;
    static final int SHOWN_STREAMS = 2;

    private final RunOnce<WorkloadRun> workload = new RunOnce<>();

    @Test
    @Verifies("PS-FANOUT-1")
    @DisplayName("every subscriber receives every message of its topic exactly once, with its sequence number as id")
    void everySubscriberGetsEveryMessageOnce(Target target) {
        check(target, WorkloadChecker::fanOut, "every subscriber to receive every message published to its topic exactly"
                + " once, with the message's sequence number as id");
    }

    @Test
    @Verifies("PS-ORDER-1")
    @DisplayName("messages arrive in sequence order, each publisher's in the order it published them")
    void messagesArriveInPublishOrder(Target target) {
        check(target, WorkloadChecker::order, "every subscriber to receive its topic's messages in sequence order, and"
                + " a publish sent after another was answered to get the greater sequence number");
    }

    @Test
    @Verifies("PS-TOPIC-1")
    @DisplayName("no subscriber receives a message of another topic, even one named alike")
    void topicsAreIsolated(Target target) {
        check(target, WorkloadChecker::isolation, "every subscriber to receive only messages published to its topic");
    }

    private void check(Target target, Function<WorkloadChecker, List<Finding>> rule, String expected) {
        check(workload.get(target, t -> recorded(t, Workload::run)), rule, expected);
    }

    /** Fails, quoting the first findings and streams, when the rule finds anything in what the workload did. */
    static void check(WorkloadRun run, Function<WorkloadChecker, List<Finding>> rule, String expected) {
        List<Finding> findings = rule.apply(new WorkloadChecker(run));
        if (findings.isEmpty()) {
            return;
        }
        String quoted = findings.stream().limit(QUOTED).map(f -> "  " + f.who() + ": " + f.why())
                .collect(Collectors.joining("\n", "The first " + Math.min(QUOTED, findings.size()) + ":\n", "\n"));
        String streams = findings.stream().map(Finding::stream).filter(Objects::nonNull).limit(SHOWN_STREAMS)
                .map(s -> s.describe()).collect(Collectors.joining("\n"));
        throw new ConformanceFailure(expected, findings.size() + " subscriber(s) or topic(s) broke it; the first, "
                + findings.get(0).who() + ": " + findings.get(0).why(), quoted + streams);
    }

    /** Runs a workload for the first test of a class, and records it in that test's evidence. */
    static WorkloadRun recorded(Target target, BiFunction<Target, PubSubSettings, WorkloadRun> workload) {
        long start = target.evidence().now();
        WorkloadRun run = workload.apply(target, PubSubSettings.of(target));
        WorkloadChecker checker = new WorkloadChecker(run);
        Map<String, String> attachments = new LinkedHashMap<>();
        attachments.put("latency", checker.latency().toString());
        attachments.put("subscribers", checker.subscribers());
        attachments.put("notes", run.notes().isEmpty() ? "(none)" : String.join("\n", run.notes()));
        target.evidence().record(start, "ran the workload: " + summary(run) + "; publish-to-delivery latency "
                + checker.latency(), attachments);
        return run;
    }

    private static String summary(WorkloadRun run) {
        long published = run.publishes().stream().filter(WorkloadRun.Publish::published).count();
        long publishers = run.publishes().stream().map(WorkloadRun.Publish::publisher).distinct().count();
        return run.subscribers().size() + " subscribers on " + run.topics().size() + " topics, " + publishers
                + " publishers: " + published + " of " + run.publishes().size() + " messages published in "
                + run.publishingMs() + " ms";
    }
}
