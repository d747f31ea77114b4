package dev.commtck.reports;

import dev.commtck.tck.runner.RequirementOutcome;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.TestOutcome;
import dev.commtck.tck.runner.Waiver;
import java.util.List;

/**
 * The table a run prints last: one line per requirement (one verdict column per target), then what went wrong, then
 * the conclusion of each target.
 */
public final class ConsoleSummary {

    private ConsoleSummary() {
    }

    public static String render(List<TargetRun> runs) {
        StringBuilder sb = new StringBuilder();
        boolean single = runs.size() == 1;
        sb.append(String.format("%-18s %-7s", "REQUIREMENT", "LEVEL"));
        runs.forEach(t -> sb.append(String.format(" %-15s", single ? "VERDICT" : t.label())));
        sb.append(single ? "TESTS\n" : "\n");
        List<RequirementOutcome> rows = runs.get(0).result().requirements();
        for (int i = 0; i < rows.size(); i++) {
            sb.append(String.format("%-18s %-7s", rows.get(i).requirement().id(), rows.get(i).requirement().level()));
            for (TargetRun t : runs) {
                sb.append(String.format(" %-15s", Verdicts.shown(t.result(), t.result().requirements().get(i))));
            }
            sb.append(single ? rows.get(i).tests().size() + "\n" : "\n");
        }
        for (TargetRun t : runs) {
            RunResult result = t.result();
            String who = single ? "" : t.label() + " ";
            for (RequirementOutcome ro : result.requirements()) {
                for (TestOutcome test : ro.tests()) {
                    if (Verdicts.isFinding(test.verdict())) {
                        sb.append(String.format("%n%s%s %s  %s%n  %s%n", who, test.verdict().label(), ro.requirement().id(),
                                test.name(), Verdicts.firstLine(test.message())));
                    }
                }
            }
            result.tests().stream().filter(test -> test.requirement().isEmpty()).forEach(test -> sb.append(String.format(
                    "%n%sERROR %s could not run: %s%n", who, test.testClass(), Verdicts.firstLine(test.message()))));
            for (Waiver.Outcome w : result.waivers()) {
                if (w.status() != Waiver.Status.NOT_RUN && w.status() != Waiver.Status.NOT_NEEDED_HERE) {
                    sb.append(String.format("%n%sWAIVER %s: %s%n", who, w.status(), w.message()));
                }
            }
        }
        sb.append('\n');
        for (TargetRun t : runs) {
            RunResult result = t.result();
            sb.append(String.format("%s%d requirements: %s. %s (exit %d), %d tests in %.1f s.%n",
                    single ? "" : t.title() + "\n  ", result.requirements().size(), Verdicts.counts(result),
                    Verdicts.conclusion(result), result.exitCode(), result.tests().size(), result.durationMs() / 1000.0));
        }
        return sb.toString();
    }
}
