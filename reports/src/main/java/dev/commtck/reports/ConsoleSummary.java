package dev.commtck.reports;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.RequirementOutcome;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.TestOutcome;
import dev.commtck.tck.runner.Waiver;
import dev.commtck.tck.support.Text;
import java.util.List;

/**
 * The table a run prints last: one line per requirement (one verdict column per target), one line for a pattern the
 * targets do not expose, then what went wrong (each finding with the request it made), then the conclusion of each
 * target.
 */
public final class ConsoleSummary {

    private ConsoleSummary() {
    }

    public static String render(List<TargetRun> runs) {
        StringBuilder sb = new StringBuilder();
        boolean single = runs.size() == 1;
        List<RequirementOutcome> rows = runs.get(0).result().requirements();
        int idWidth = Math.max("REQUIREMENT".length(), rows.stream().mapToInt(r -> r.requirement().id().length()).max().orElse(0));
        int verdictWidth = Math.max(15, runs.stream().mapToInt(t -> t.label().length()).max().orElse(0));
        String idColumn = "%-" + idWidth + "s %-7s";
        String verdictColumn = " %-" + verdictWidth + "s";
        sb.append(String.format(idColumn, "REQUIREMENT", "LEVEL"));
        runs.forEach(t -> sb.append(String.format(verdictColumn, single ? "VERDICT" : t.label())));
        sb.append(single ? "TESTS\n" : "\n");
        Pattern absentShown = null;
        for (int i = 0; i < rows.size(); i++) {
            Pattern pattern = rows.get(i).requirement().pattern();
            if (notFoundEverywhere(runs, pattern)) {
                if (pattern != absentShown) {
                    long count = rows.stream().filter(r -> r.requirement().pattern() == pattern).count();
                    sb.append(String.format(idColumn, pattern.id(), "")).append(String.format(verdictColumn, "NOT FOUND"))
                            .append(Text.plural(count, "requirement")).append(" not checked: ")
                            .append(Verdicts.notFoundRequest(runs.get(0).result().request().notFound().get(pattern)))
                            .append('\n');
                    absentShown = pattern;
                }
                continue;
            }
            sb.append(String.format(idColumn, rows.get(i).requirement().id(), rows.get(i).requirement().level()));
            for (TargetRun t : runs) {
                sb.append(String.format(verdictColumn, Verdicts.shown(t.result(), t.result().requirements().get(i))));
            }
            sb.append(single ? rows.get(i).tests().size() + "\n" : "\n");
        }
        for (TargetRun t : runs) {
            RunResult result = t.result();
            String who = single ? "" : t.label() + " ";
            for (RequirementOutcome ro : result.requirements()) {
                for (TestOutcome test : ro.tests()) {
                    if (Verdicts.isFinding(test.verdict())) {
                        sb.append(String.format("%n%s%s %s  %s%s%n  %s%n", who, test.verdict().label(), ro.requirement().id(),
                                test.name(), test.request().isEmpty() ? "" : "  " + test.request(),
                                Verdicts.firstLine(test.message())));
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
            sb.append(String.format("%s%s: %s. %s (exit %d), %s in %.1f s%s.%n",
                    single ? "" : t.title() + "\n  ", Text.plural(result.requirements().size(), "requirement"),
                    Verdicts.counts(result), Verdicts.conclusion(result), result.exitCode(),
                    Text.plural(result.tests().size(), "test"), result.durationMs() / 1000.0,
                    result.kitDelay().noteworthy() ? "; " + result.kitDelay().sentence() : ""));
        }
        return sb.toString().replaceAll("(?m) +$", "");
    }

    private static boolean notFoundEverywhere(List<TargetRun> runs, Pattern pattern) {
        return runs.stream().allMatch(t -> t.result().request().notFound().containsKey(pattern));
    }
}
