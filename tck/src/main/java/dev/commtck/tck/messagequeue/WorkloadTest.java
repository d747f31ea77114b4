package dev.commtck.tck.messagequeue;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Target;
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

    private final SharedHistory workload = new SharedHistory("the workload", Workload::run);

    @Test
    @Verifies("MQ-LOST-1")
    @DisplayName("every message answered 201 is delivered and acknowledged")
    void nothingIsLost(Target target) {
        workload.check(target, HistoryChecker::lost, "every message answered 201 to be delivered and acknowledged");
    }

    @Test
    @Verifies("MQ-LEASE-1")
    @DisplayName("no two consumers hold one message at once")
    void noMessageIsLeasedTwiceAtOnce(Target target) {
        workload.check(target, HistoryChecker::overlappingLeases, "no message delivered to two consumers whose leases overlap");
    }

    @Test
    @Verifies("MQ-ACK-1")
    @DisplayName("no message is delivered after an accepted acknowledgement, and running leases can be acknowledged")
    void acknowledgedMessagesAreGone(Target target) {
        workload.check(target, HistoryChecker::ackViolations, "no delivery after an accepted acknowledgement, and every"
                + " acknowledgement of a running lease accepted");
    }

    @Test
    @Verifies("MQ-STALE-1")
    @DisplayName("acknowledgements after the lease ended are refused")
    void lateAcknowledgementsAreRefused(Target target) {
        workload.check(target, HistoryChecker::staleAcksAccepted, "every acknowledgement sent after its lease had ended refused");
    }

    @Test
    @Verifies("MQ-UNEXPECTED-1")
    @DisplayName("only messages sent to the queue are delivered")
    void nothingUnexpectedIsDelivered(Target target) {
        workload.check(target, HistoryChecker::unexpected, "only messages sent to the queue delivered");
    }
}
