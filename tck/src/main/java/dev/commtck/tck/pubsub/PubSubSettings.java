package dev.commtck.tck.pubsub;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Tolerances;
import java.time.Duration;

/**
 * The pattern's own tolerances and settings (spec/pub-sub.md, "Tolerances and settings"), read once per test from the
 * run's configuration.
 *
 * @param workload            the longest the workload may spend publishing ({@code tolerance.pub-sub.workload})
 * @param delivery            how long after the last publish of a load every subscriber may take to have every message
 * @param history             how many messages the server keeps per topic for resumption
 * @param workloadMessages    how many messages the workload publishes
 * @param workloadSubscribers how many subscribers the workload opens
 * @param workloadPublishers  how many publishers publish at once in the workload
 * @param slowBytes           how many bytes the slow-subscriber check publishes while one subscriber does not read
 * @param churnCycles         how many subscribe/disconnect cycles the churn check makes
 */
record PubSubSettings(Duration workload, Duration delivery, int history, int workloadMessages, int workloadSubscribers,
                      int workloadPublishers, int slowBytes, int churnCycles) {

    /** The workload's topics; each gets a quarter of its subscribers and messages. */
    static final int WORKLOAD_TOPICS = 4;

    static PubSubSettings of(Target target) {
        Tolerances t = target.tolerances();
        return new PubSubSettings(
                t.named("pub-sub.workload", 10_000),
                t.named("pub-sub.delivery", 2_000),
                setting(target, "history", 256, 1, 100_000),
                setting(target, "workload-messages", 2_000, 1, 20_000),
                setting(target, "workload-subscribers", 32, WORKLOAD_TOPICS, 400),
                setting(target, "workload-publishers", 4, 1, 64),
                setting(target, "slow-bytes", 6 << 20, 64 * 1024, 64 << 20),
                setting(target, "churn-cycles", 300, 1, 100_000));
    }

    /**
     * A setting within the bounds the kit can keep its own promises in (a workload whose subscriptions fit in what
     * the kit keeps of a stream; a slow-subscriber check that ends in seconds).
     */
    private static int setting(Target target, String name, int absent, int min, int max) {
        int value = target.settings().setting(Pattern.PUB_SUB, name).map(Integer::parseInt).orElse(absent);
        if (value < min || value > max) {
            throw new IllegalArgumentException("the setting pub-sub." + name + " must be from " + min + " to " + max
                    + ", got " + value);
        }
        return value;
    }
}
