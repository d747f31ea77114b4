package dev.commtck.tck.messagequeue;

import static dev.commtck.tck.messagequeue.SendTest.HOLD;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.NotApplicable;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Durability across a crash: messages are sent, some acknowledged, some leased; the server is killed and started
 * again by the run's {@code message-queue.restart-command}; then everything not acknowledged must still be there.
 */
@ConformanceSuite(Pattern.MESSAGE_QUEUE)
@DisplayName("message-queue: durability across a restart")
class DurabilityTest {

    /** Messages sent before the restart: a third acknowledged, a third leased, a third left waiting. */
    static final int MESSAGES = 12;

    @Test
    @Verifies("MQ-DURABLE-1")
    @DisplayName("after a kill and a restart, every unacknowledged message is there and no acknowledged one")
    void storedMessagesSurviveARestart(Target target) {
        if (!target.settings().capability(Pattern.MESSAGE_QUEUE, "durable").orElse(true)) {
            throw new NotApplicable("capability.message-queue.durable is declared false");
        }
        QueueSettings settings = QueueSettings.of(target);
        String command = settings.restartCommand().orElseThrow(() -> new NotApplicable("the run has no"
                + " message-queue.restart-command, so the kit cannot restart the server to observe durability"));
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("durable");
        List<String> bodies = IntStream.range(0, MESSAGES).mapToObj(i -> "survives " + i).toList();
        bodies.forEach(body -> queue.sendOk(q, body));
        Set<String> acked = take(queue, q, MESSAGES / 3, HOLD, true);
        Set<String> leased = take(queue, q, MESSAGES / 3, settings.visibility(), false);
        target.evidence().note("before the restart: acknowledged " + acked + "; leased for " + settings.visibility().toMillis()
                + " ms " + leased);

        new RestartCommand(target, command, settings.restart()).run();

        Set<String> expected = new LinkedHashSet<>(bodies);
        expected.removeAll(acked);
        Set<String> after = new LinkedHashSet<>();
        List<String> unexpected = new ArrayList<>();
        long deadline = System.nanoTime() + settings.leaseAndRedelivery().plus(target.tolerances().fast()).toNanos();
        while (after.size() < expected.size() && System.nanoTime() < deadline) {
            Received r = queue.receive(q, 10, HOLD, Workload.POLL);
            for (Delivery d : r.deliveries()) {
                (expected.contains(d.body()) ? after : unexpected).add(d.body());
                queue.ack(q, d.receipt());
            }
        }
        target.evidence().note("after the restart: delivered " + after + (unexpected.isEmpty() ? "" : ", and " + unexpected));
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(after);
        Expect.that(missing.isEmpty(), "all " + expected.size() + " unacknowledged messages delivered after the restart",
                missing.size() + " never came back: " + missing.stream().map(Text::quote).toList());
        Expect.that(unexpected.isEmpty(), "none of the acknowledged messages " + acked + " delivered after the restart",
                "these came back: " + unexpected.stream().map(Text::quote).toList());
    }

    /** Receives {@code count} messages, acknowledging them or not; returns their bodies. */
    private static Set<String> take(QueueClient queue, String q, int count, Duration lease, boolean ack) {
        Set<String> taken = new LinkedHashSet<>();
        while (taken.size() < count) {
            Received r = queue.receive(q, count - taken.size(), lease, Duration.ZERO);
            if (r.empty()) {
                throw new EvaluationError("the queue ran dry before the restart: " + taken.size() + " of " + count
                        + " messages received; MQ-RECEIVE-1 shows why");
            }
            for (Delivery d : r.deliveries()) {
                taken.add(d.body());
                if (ack) {
                    Expect.that(queue.ack(q, d.receipt()).status() / 100 == 2, "2xx to an acknowledgement before the restart",
                            "it was refused");
                }
            }
        }
        return taken;
    }
}
