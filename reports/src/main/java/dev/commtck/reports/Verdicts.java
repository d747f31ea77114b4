package dev.commtck.reports;

import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunResult;
import java.util.ArrayList;
import java.util.List;

/** Words the summaries share: counts of verdicts and the run's conclusion. */
final class Verdicts {

    private Verdicts() {
    }

    /** {@code 16 PASS, 1 WARN}: the verdicts that occur, most severe first. */
    static String counts(RunResult result) {
        List<String> parts = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            long n = result.count(v);
            if (n > 0) {
                parts.add(n + " " + v.label());
            }
        }
        return String.join(", ", parts);
    }

    /** The run's conclusion in words, matching its exit code. */
    static String conclusion(RunResult result) {
        return switch (result.exitCode()) {
            case ExitCodes.CONFORMING -> "CONFORMING: every MUST holds";
            case ExitCodes.NONCONFORMING -> "NOT CONFORMING: " + (result.count(Verdict.FAIL) > 0
                    ? result.count(Verdict.FAIL) + " requirement(s) FAIL"
                    : "SHOULD requirements are not met and the run is strict");
            default -> "NOT EVALUATED: " + (result.tests().isEmpty() ? "no test ran"
                    : result.count(Verdict.ERROR) + " requirement(s) could not be evaluated (ERROR)");
        };
    }

    /** The first line of a test's message: what a table has room for. */
    static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
