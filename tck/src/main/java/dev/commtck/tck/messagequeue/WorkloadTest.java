package dev.commtck.tck.messagequeue;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.messagequeue.HistoryChecker.Finding;
import dev.commtck.tck.support.ConformanceFailure;
import dev.commtck.tck.support.Target;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Producers, consumers, consumers that vanish and one that acknowledges too late, all at once on one queue: the
 * workload runs once, in the first of these tests, and each test checks one requirement on its history. A failure
 * quotes the history of the first offending messages; the whole history is attached to the report.
 */
@ConformanceSuite(Pattern.MESSAGE_QUEUE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("message-queue: a concurrent workload, checked from its history")
class WorkloadTest {

    /** How many offending messages a failure quotes in full. */
    static final int QUOTED = 3;

    private History history;
    private RuntimeException failed;

    @Test
    @Verifies("MQ-LOST-1")
    @DisplayName("every message answered 201 is delivered and acknowledged")
    void nothingIsLost(Target target) {
        check(target, HistoryChecker::lost, "every message answered 201 to be delivered and acknowledged");
    }

    @Test
    @Verifies("MQ-LEASE-1")
    @DisplayName("no two consumers hold one message at once")
    void noMessageIsLeasedTwiceAtOnce(Target target) {
        check(target, HistoryChecker::overlappingLeases, "no message delivered to two consumers whose leases overlap");
    }

    @Test
    @Verifies("MQ-ACK-1")
    @DisplayName("no message is delivered after an accepted acknowledgement, and running leases can be acknowledged")
    void acknowledgedMessagesAreGone(Target target) {
        check(target, HistoryChecker::ackViolations, "no delivery after an accepted acknowledgement, and every"
                + " acknowledgement of a running lease accepted");
    }

    @Test
    @Verifies("MQ-STALE-1")
    @DisplayName("acknowledgements after the lease ended are refused")
    void lateAcknowledgementsAreRefused(Target target) {
        check(target, HistoryChecker::staleAcksAccepted, "every acknowledgement sent after its lease had ended refused");
    }

    @Test
    @Verifies("MQ-UNEXPECTED-1")
    @DisplayName("only messages sent to the queue are delivered")
    void nothingUnexpectedIsDelivered(Target target) {
        check(target, HistoryChecker::unexpected, "only messages sent to the queue delivered");
    }

    private void check(Target target, Function<HistoryChecker, List<Finding>> rule, String expected) {
        QueueSettings settings = QueueSettings.of(target);
        History h = history(target, settings);
        List<Finding> findings = rule.apply(new HistoryChecker(h, settings.visibility().toNanos(),
                settings.redelivery().toNanos(), settings.maxDeliveries()));
        if (findings.isEmpty()) {
            return;
        }
        target.evidence().record(target.evidence().now(), findings.size() + " message(s) break the requirement",
                Map.of("history", h.render()));
        String quoted = findings.stream().limit(QUOTED).map(f -> f.message().render())
                .collect(Collectors.joining("", "History of the first " + Math.min(QUOTED, findings.size())
                        + " (ms since the workload started: request sent → answer read):\n", ""));
        throw new ConformanceFailure(expected, findings.size() + " message(s) broke it; the first: " + findings.get(0).why()
                + " (" + h.summary() + ")", quoted);
    }

    /** The workload's history: the first test of the run makes it, the others check the same one. */
    private synchronized History history(Target target, QueueSettings settings) {
        if (history == null && failed == null) {
            long start = target.evidence().now();
            try {
                history = Workload.run(target, settings);
                target.evidence().record(start, "ran the workload: " + history.summary(), Map.of("history", history.render()));
            } catch (RuntimeException e) {
                failed = e;
            }
        } else if (history != null) {
            target.evidence().note("checked the history of the workload another test of this class ran: "
                    + history.summary());
        }
        if (failed != null) {
            throw failed;
        }
        return history;
    }
}
