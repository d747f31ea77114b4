package dev.commtck.reports;

import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RequirementOutcome;
import dev.commtck.tck.runner.RunResult;
import java.util.ArrayList;
import java.util.List;

/** Words the summaries share: verdicts as shown, counts, and the run's conclusion. */
final class Verdicts {

    private Verdicts() {
    }

    /** A requirement's verdict as reports show it: {@code FAIL (waived)} when a waiver is in force. */
    static String shown(RunResult result, RequirementOutcome r) {
        return r.verdict().label() + (result.waiverOf(r.requirement().id()).isPresent() ? " (waived)" : "");
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
            case ExitCodes.CONFORMING -> "CONFORMING: every MUST holds"
                    + (result.waivers().stream().anyMatch(w -> w.status() == dev.commtck.tck.runner.Waiver.Status.APPLIED)
                    ? " or is waived" : "") + (result.request().notFound().isEmpty() ? ""
                    : " in the patterns found (" + String.join(", ", result.request().patterns().stream()
                    .map(dev.commtck.spec.Pattern::id).toList()) + ")");
            case ExitCodes.NONCONFORMING -> "NOT CONFORMING: " + reasons(result);
            default -> "NOT EVALUATED: " + (result.tests().isEmpty() ? "no test ran"
                    : result.count(Verdict.ERROR) + " requirement(s) could not be evaluated (ERROR)");
        };
    }

    private static String reasons(RunResult result) {
        List<String> why = new ArrayList<>();
        long failing = result.requirements().stream()
                .filter(r -> r.verdict() == Verdict.FAIL && result.waiverOf(r.requirement().id()).isEmpty()).count();
        if (failing > 0) {
            why.add(failing + " requirement(s) FAIL");
        }
        if (result.count(Verdict.FLAKY) > 0 && !result.request().allowFlaky()) {
            why.add(result.count(Verdict.FLAKY) + " requirement(s) FLAKY");
        }
        long warned = result.requirements().stream()
                .filter(r -> r.verdict() == Verdict.WARN && result.waiverOf(r.requirement().id()).isEmpty()).count();
        if (result.strict() && warned > 0) {
            why.add(warned + " SHOULD requirement(s) not met under --strict");
        }
        for (dev.commtck.tck.runner.Waiver.Status s : List.of(dev.commtck.tck.runner.Waiver.Status.EXPIRED,
                dev.commtck.tck.runner.Waiver.Status.STALE)) {
            long n = result.waivers().stream().filter(w -> w.status() == s).count();
            if (n > 0) {
                why.add(n + " waiver(s) " + s.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return String.join("; ", why);
    }

    /** The first line of a test's message: what a table has room for. */
    static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Whether a test's outcome is worth listing among the findings. */
    static boolean isFinding(Verdict v) {
        return v == Verdict.FAIL || v == Verdict.FLAKY || v == Verdict.WARN || v == Verdict.ERROR;
    }
}
