package dev.commtck.tck.messagequeue;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.messagequeue.History.Delivered;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.NotApplicable;
import dev.commtck.tck.support.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Durability across a crash: messages are sent, some acknowledged, some leased; the server is killed and started
 * again by the run's {@code message-queue.restart-command}; then a consumer takes everything the queue holds. The
 * whole of it is one history, checked as the workload's is: what the restart must keep (MQ-DURABLE-1), and that it
 * breaks no other guarantee (MQ-DURABLE-2).
 */
@ConformanceSuite(Pattern.MESSAGE_QUEUE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("message-queue: durability across a restart")
class DurabilityTest {

    /** Messages sent before the restart: a third acknowledged, a third leased, a third left waiting. */
    static final int MESSAGES = 12;

    private final SharedHistory restart = new SharedHistory("the durability check", DurabilityTest::acrossARestart);

    @Test
    @Verifies("MQ-DURABLE-1")
    @DisplayName("after a kill and a restart, every unacknowledged message is there and no acknowledged one")
    void storedMessagesSurviveARestart(Target target) {
        restart.check(target, c -> HistoryChecker.firstPerMessage(c.lost(), c.deliveredAfterAck()),
                "every message answered 201 and not acknowledged delivered after the restart, and no acknowledged one");
    }

    @Test
    @Verifies("MQ-DURABLE-2")
    @DisplayName("the restart breaks no other guarantee: nothing unexpected, no lease held twice, no receipt misjudged")
    void theRestartBreaksNoOtherGuarantee(Target target) {
        restart.check(target, c -> HistoryChecker.firstPerMessage(c.unexpected(), c.overlappingLeases(),
                        c.refusedRunningAcks(), c.staleAcksAccepted()),
                "only the messages that were sent delivered after the restart, each under its id, to one consumer at a time,"
                        + " and every receipt judged by its lease");
    }

    /**
     * Sends {@link #MESSAGES}, acknowledges a third and leases a third (both with the short {@code visibility} lease, so
     * that a message that should not be there shows soon after the restart), restarts the server, then receives and
     * acknowledges until every lease from before the restart has certainly ended and one more lease could have.
     */
    private static History acrossARestart(Target target, QueueSettings settings) {
        if (!target.settings().capability(Pattern.MESSAGE_QUEUE, "durable").orElse(true)) {
            throw new NotApplicable("capability.message-queue.durable is declared false");
        }
        String command = settings.restartCommand().orElseThrow(() -> new NotApplicable("the run has no"
                + " message-queue.restart-command, so the kit cannot restart the server to observe durability"));
        History history = new History(QueueClient.freshQueue("durable"));
        RecordingQueue queue = new RecordingQueue(history, new QueueClient(target));
        String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        for (int i = 0; i < MESSAGES; i++) {
            History.Send sent = queue.send("producer", "survives-" + run + "-" + i);
            if (!sent.stored()) {
                throw new EvaluationError("a send before the restart was answered " + sent.status() + "; MQ-SEND-1 shows"
                        + " why");
            }
        }
        take(queue, "acknowledger", MESSAGES / 3, settings.visibility()).forEach(d -> queue.ack("acknowledger", d));
        take(queue, "crashed-consumer", MESSAGES / 3, settings.visibility());

        long before = history.now();
        new RestartCommand(target, command, settings.restart(), Map.of()).run();
        history.restarted(before, history.now());

        long v = settings.visibility().toNanos();
        long r = settings.redelivery().toNanos();
        // every lease from before the restart has certainly ended, and so has one more that a receive after it took
        long deadline = Math.max(history.now(), before + v + r) + v + r + target.tolerances().fast().toNanos();
        while (history.now() < deadline) {
            queue.receive("after-restart", Workload.BATCH, settings.visibility(), Workload.POLL)
                    .forEach(d -> queue.ack("after-restart", d));
        }
        history.note("received until " + HistoryChecker.ms(deadline) + ": every lease had certainly ended by then");
        return history;
    }

    /** Receives {@code count} messages for the lease; the queue running dry before the restart is no durability matter. */
    static List<Delivered> take(RecordingQueue queue, String who, int count, Duration lease) {
        List<Delivered> taken = new ArrayList<>();
        while (taken.size() < count) {
            List<Delivered> got = queue.receive(who, count - taken.size(), lease, Duration.ZERO);
            if (got.isEmpty()) {
                throw new EvaluationError("the queue ran dry before the restart: " + taken.size() + " of " + count
                        + " messages received; MQ-RECEIVE-1 shows why");
            }
            taken.addAll(got);
        }
        return taken;
    }
}
