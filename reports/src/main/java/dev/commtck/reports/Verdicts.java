package dev.commtck.reports;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RequirementOutcome;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.Waiver;
import dev.commtck.tck.support.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Words the summaries share: verdicts as shown, counts, the run's conclusion, and a finding's reason. */
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

    /** What an exit code says of a target, in the words every report leads with. */
    static String headline(int exitCode) {
        return switch (exitCode) {
            case ExitCodes.CONFORMING -> "CONFORMING";
            case ExitCodes.NONCONFORMING -> "NOT CONFORMING";
            default -> "COULD NOT EVALUATE";
        };
    }

    /** The run's conclusion in words, matching its exit code: the headline, then why. */
    static String conclusion(RunResult result) {
        String why = switch (result.exitCode()) {
            case ExitCodes.CONFORMING -> "every MUST holds"
                    + (result.waivers().stream().anyMatch(w -> w.status() == Waiver.Status.APPLIED) ? " or is waived" : "")
                    + (result.request().notFound().isEmpty() ? "" : " in the patterns found ("
                    + String.join(", ", result.request().patterns().stream().map(Pattern::id).toList()) + ")");
            case ExitCodes.NONCONFORMING -> reasons(result);
            default -> result.tests().isEmpty() ? "no test ran"
                    : "ERROR in " + Text.plural(result.count(Verdict.ERROR), "requirement") + " (the kit could not evaluate them)";
        };
        return headline(result.exitCode()) + ": " + why;
    }

    private static String reasons(RunResult result) {
        List<String> why = new ArrayList<>();
        long failing = result.requirements().stream()
                .filter(r -> r.verdict() == Verdict.FAIL && result.waiverOf(r.requirement().id()).isEmpty()).count();
        if (failing > 0) {
            why.add("FAIL in " + Text.plural(failing, "requirement"));
        }
        if (result.count(Verdict.FLAKY) > 0 && !result.request().allowFlaky()) {
            why.add("FLAKY in " + Text.plural(result.count(Verdict.FLAKY), "requirement"));
        }
        long warned = result.requirements().stream()
                .filter(r -> r.verdict() == Verdict.WARN && result.waiverOf(r.requirement().id()).isEmpty()).count();
        if (result.strict() && warned > 0) {
            why.add("WARN in " + Text.plural(warned, "SHOULD requirement") + " under --strict");
        }
        for (Waiver.Status s : List.of(Waiver.Status.EXPIRED, Waiver.Status.STALE)) {
            long n = result.waivers().stream().filter(w -> w.status() == s).count();
            if (n > 0) {
                why.add(Text.plural(n, "waiver") + " " + s.name().toLowerCase(Locale.ROOT));
            }
        }
        return String.join("; ", why);
    }

    /** The first line of a test's message: what a table has room for. */
    static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** What a message starts with before its reason: the verdict, and for a failure the requirement it breaks. */
    private static final java.util.regex.Pattern PREAMBLE = java.util.regex.Pattern.compile(
            "^(WARN |N/A: |FLAKY: |ERROR: the kit could not evaluate [A-Z0-9-]+: )?([A-Z0-9-]+ \\([A-Z]+\\) is (violated|not met)\\. )?");

    /**
     * A finding in one sentence: the first sentence of its message after the verdict and requirement it restates
     * ({@code Expected the body "pong" (4 bytes), but it was "pong\n" (5 bytes).}).
     */
    static String reason(String message) {
        String line = PREAMBLE.matcher(firstLine(message)).replaceFirst("");
        int end = line.indexOf(". ");
        return end < 0 ? line : line.substring(0, end + 1);
    }

    /** The request of a NOT FOUND line, without the pattern it names: {@code GET http://host/bitcoin → 404 (set …)}. */
    static String notFoundRequest(String line) {
        return line.replaceFirst("^[a-z-]+: not found: ", "");
    }

    /** Whether a test's outcome is worth listing among the findings. */
    static boolean isFinding(Verdict v) {
        return v == Verdict.FAIL || v == Verdict.FLAKY || v == Verdict.WARN || v == Verdict.ERROR;
    }
}
