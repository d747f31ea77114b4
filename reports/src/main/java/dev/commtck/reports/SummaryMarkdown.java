package dev.commtck.reports;

import dev.commtck.spec.Requirement;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.RequirementOutcome;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.TestOutcome;
import dev.commtck.tck.runner.Waiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code summary.md}: one row per requirement, the page someone pastes into a pull request or a CI step summary;
 * with several targets, one verdict column per target (the requirement × target matrix).
 */
public final class SummaryMarkdown {

    private SummaryMarkdown() {
    }

    public static String render(List<TargetRun> runs) {
        RunContext ctx = runs.get(0).context();
        StringBuilder sb = new StringBuilder("# CommTCK conformance summary\n\n");
        for (TargetRun t : runs) {
            RunResult result = t.result();
            sb.append("- ").append(runs.size() == 1 ? "Target " + t.context().target()
                            + (t.context().embedded() ? " (embedded reference server)" : "") : "Target " + t.title())
                    .append(": **").append(Verdicts.conclusion(result)).append("** (exit ").append(result.exitCode())
                    .append(") — ").append(Verdicts.counts(result)).append('\n');
        }
        sb.append("- Patterns: ").append(ctx.patternIds()).append('\n');
        sb.append("- CommTCK ").append(ctx.tckVersion()).append(", spec ").append(ctx.specVersion())
                .append(ctx.strict() ? ", strict" : "")
                .append(runs.get(0).result().request().repeat() > 1 ? ", each test run " + runs.get(0).result().request().repeat() + " times" : "")
                .append("\n\n");

        sb.append("| Requirement | Level |");
        runs.forEach(t -> sb.append(runs.size() == 1 ? " Verdict |" : " " + t.label() + " |"));
        sb.append(runs.size() == 1 ? " Tests | Statement |\n|---|---|---|---|---|\n" : " Statement |\n|---|---|" + "---|".repeat(runs.size()) + "---|\n");
        List<RequirementOutcome> rows = runs.get(0).result().requirements();
        for (int i = 0; i < rows.size(); i++) {
            Requirement r = rows.get(i).requirement();
            sb.append("| [").append(r.id()).append("](spec/").append(r.anchor()).append(") | ").append(r.level()).append(" |");
            for (TargetRun t : runs) {
                RequirementOutcome ro = t.result().requirements().get(i);
                String v = Verdicts.shown(t.result(), ro);
                sb.append(' ').append(ro.verdict() == Verdict.PASS ? v : "**" + v + "**").append(" |");
            }
            if (runs.size() == 1) {
                sb.append(' ').append(rows.get(i).tests().size()).append(" |");
            }
            sb.append(' ').append(cell(r.statement())).append(" |\n");
        }

        for (TargetRun t : runs) {
            StringBuilder findings = new StringBuilder();
            for (RequirementOutcome ro : t.result().requirements()) {
                for (TestOutcome test : ro.tests()) {
                    if (Verdicts.isFinding(test.verdict())) {
                        findings.append("- **").append(test.verdict().label()).append("** ").append(ro.requirement().id())
                                .append(" — ").append(cell(test.name())).append(": ")
                                .append(cell(Verdicts.firstLine(test.message()))).append('\n');
                    }
                }
            }
            for (Waiver.Outcome w : t.result().waivers()) {
                findings.append("- Waiver ").append(w.status().name()).append(": ").append(cell(w.message())).append('\n');
            }
            if (!findings.isEmpty()) {
                sb.append("\n## Findings").append(runs.size() == 1 ? "" : " for " + t.title()).append("\n\n").append(findings);
            }
        }
        return sb.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    public static void write(Path file, List<TargetRun> runs) throws IOException {
        Files.writeString(file, render(runs));
    }
}
