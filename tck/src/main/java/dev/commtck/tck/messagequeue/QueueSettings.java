package dev.commtck.tck.messagequeue;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Tolerances;
import java.time.Duration;
import java.util.Optional;

/**
 * The message queue's own tolerances and settings (spec/message-queue.md, "Tolerances and settings"), read once per
 * test from the run's configuration.
 *
 * @param visibility       the lease the kit asks for in its checks ({@code tolerance.message-queue.visibility})
 * @param redelivery       how soon after a lease ends the message must be deliverable again
 * @param longPoll         the {@code waitMs} of the kit's long-poll receives
 * @param workload         the longest the concurrent workload may spend sending
 * @param restart          the longest a restart, and the server's coming back after it, may take
 * @param maxBodyBytes     the server's body size limit ({@code message-queue.max-body-bytes})
 * @param maxDeliveries    after how many deliveries a message is dead-lettered
 * @param workloadMessages how many messages the workload sends
 * @param restartCommand   the shell command that restarts the server, if the run has one
 * @param nodeRestartCommand the shell command that restarts one node of the server, if the run has one
 */
record QueueSettings(Duration visibility, Duration redelivery, Duration longPoll, Duration workload, Duration restart,
                     int maxBodyBytes, int maxDeliveries, int workloadMessages, Optional<String> restartCommand,
                     Optional<String> nodeRestartCommand) {

    /** The contract's body size limit (256 KiB). */
    static final int CONTRACT_MAX_BODY_BYTES = 262_144;

    static QueueSettings of(Target target) {
        Tolerances t = target.tolerances();
        return new QueueSettings(
                t.named("message-queue.visibility", 500),
                t.named("message-queue.redelivery", 500),
                t.named("message-queue.wait", 1000),
                t.named("message-queue.workload", 15_000),
                t.named("message-queue.restart", 30_000),
                positive(target, "max-body-bytes", CONTRACT_MAX_BODY_BYTES),
                positive(target, "max-deliveries", 5),
                positive(target, "workload-messages", 2000),
                command(target, "restart-command"), command(target, "node-restart-command"));
    }

    private static Optional<String> command(Target target, String name) {
        return target.settings().setting(Pattern.MESSAGE_QUEUE, name).filter(c -> !c.isBlank());
    }

    private static int positive(Target target, String name, int absent) {
        int value = target.settings().setting(Pattern.MESSAGE_QUEUE, name).map(Integer::parseInt).orElse(absent);
        if (value <= 0) {
            throw new IllegalArgumentException("message-queue." + name + " must be a positive number, got " + value);
        }
        return value;
    }

    /** The longest a lease the kit asked for may keep a message from being delivered again. */
    Duration leaseAndRedelivery() {
        return visibility.plus(redelivery);
    }
}
