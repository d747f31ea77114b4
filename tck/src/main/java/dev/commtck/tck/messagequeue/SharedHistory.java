package dev.commtck.tck.messagequeue;

import dev.commtck.tck.messagequeue.HistoryChecker.Finding;
import dev.commtck.tck.support.ConformanceFailure;
import dev.commtck.tck.support.Target;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A history that the first test of a class makes, and on which every test of the class checks one requirement (the
 * workload's, the restart's). A failure quotes the history of the first offending messages; the whole history is
 * attached to the report.
 */
final class SharedHistory {

    /** How many offending messages a failure quotes in full. */
    static final int QUOTED = 3;

    private final String what;
    private final BiFunction<Target, QueueSettings, History> making;
    private History history;
    private RuntimeException failed;

    /**
     * @param what   what makes the history, for the report ("the workload")
     * @param making makes it; what it throws (a failure, N/A, an error) is what every test of the class reports
     */
    SharedHistory(String what, BiFunction<Target, QueueSettings, History> making) {
        this.what = what;
        this.making = making;
    }

    /** Fails, quoting the first offending messages, when the rule finds any in the history. */
    void check(Target target, Function<HistoryChecker, List<Finding>> rule, String expected) {
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
                        + " (ms since " + what + " started: request sent → answer read):\n", ""));
        throw new ConformanceFailure(expected, findings.size() + " message(s) broke it; the first: " + findings.get(0).why()
                + " (" + h.summary() + ")", quoted);
    }

    /** The history: the first test of the class makes it, the others check the same one. */
    private synchronized History history(Target target, QueueSettings settings) {
        if (history == null && failed == null) {
            long start = target.evidence().now();
            try {
                history = making.apply(target, settings);
                target.evidence().record(start, "ran " + what + ": " + history.summary(), Map.of("history", history.render()));
            } catch (RuntimeException e) {
                failed = e;
            }
        } else if (history != null) {
            target.evidence().note("checked the history of " + what + " another test of this class ran: "
                    + history.summary());
        }
        if (failed != null) {
            throw failed;
        }
        return history;
    }
}
