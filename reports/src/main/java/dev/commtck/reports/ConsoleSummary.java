package dev.commtck.reports;

import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.RequirementOutcome;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.TestOutcome;

/** The table a run prints last: one line per requirement, then what went wrong, then the conclusion. */
public final class ConsoleSummary {

    private ConsoleSummary() {
    }

    public static String render(RunResult result) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-18s %-7s %-8s %s%n", "REQUIREMENT", "LEVEL", "VERDICT", "TESTS"));
        for (RequirementOutcome ro : result.requirements()) {
            sb.append(String.format("%-18s %-7s %-8s %d%n", ro.requirement().id(), ro.requirement().level(),
                    ro.verdict().label(), ro.tests().size()));
        }
        for (RequirementOutcome ro : result.requirements()) {
            for (TestOutcome t : ro.tests()) {
                if (t.verdict() == Verdict.FAIL || t.verdict() == Verdict.WARN || t.verdict() == Verdict.ERROR) {
                    sb.append(String.format("%n%s %s  %s%n  %s%n", t.verdict().label(), ro.requirement().id(), t.name(),
                            Verdicts.firstLine(t.message())));
                }
            }
        }
        result.tests().stream().filter(t -> t.requirement().isEmpty()).forEach(t -> sb.append(String.format(
                "%nERROR %s could not run: %s%n", t.testClass(), Verdicts.firstLine(t.message()))));
        sb.append(String.format("%n%d requirements: %s. %s (exit %d), %d tests in %.1f s.%n",
                result.requirements().size(), Verdicts.counts(result), Verdicts.conclusion(result), result.exitCode(),
                result.tests().size(), result.durationMs() / 1000.0));
        return sb.toString();
    }
}
