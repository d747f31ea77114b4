package dev.commtck.reports;

import dev.commtck.spec.Requirement;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.RequirementOutcome;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.TestOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code summary.md}: one row per requirement, the page someone pastes into a pull request or a CI step summary. */
public final class SummaryMarkdown {

    private SummaryMarkdown() {
    }

    public static String render(RunContext ctx, RunResult result) {
        StringBuilder sb = new StringBuilder("# CommTCK conformance summary\n\n");
        sb.append("- Target: ").append(ctx.target()).append(ctx.embedded() ? " (embedded reference server)" : "").append('\n');
        sb.append("- Patterns: ").append(ctx.patternIds()).append('\n');
        sb.append("- CommTCK ").append(ctx.tckVersion()).append(", spec ").append(ctx.specVersion())
                .append(ctx.strict() ? ", strict" : "").append('\n');
        sb.append("- Result: **").append(Verdicts.conclusion(result)).append("** (exit ").append(result.exitCode())
                .append(") — ").append(result.requirements().size()).append(" requirements: ")
                .append(Verdicts.counts(result)).append("\n\n");
        sb.append("| Requirement | Level | Verdict | Tests | Statement |\n|---|---|---|---|---|\n");
        for (RequirementOutcome ro : result.requirements()) {
            Requirement r = ro.requirement();
            sb.append("| [").append(r.id()).append("](spec/").append(r.anchor()).append(") | ").append(r.level())
                    .append(" | ").append(ro.verdict() == Verdict.PASS ? "PASS" : "**" + ro.verdict().label() + "**")
                    .append(" | ").append(ro.tests().size()).append(" | ").append(cell(r.statement())).append(" |\n");
        }
        boolean anyProblem = false;
        for (RequirementOutcome ro : result.requirements()) {
            for (TestOutcome t : ro.tests()) {
                if (t.verdict() == Verdict.FAIL || t.verdict() == Verdict.WARN || t.verdict() == Verdict.ERROR) {
                    if (!anyProblem) {
                        sb.append("\n## Findings\n\n");
                        anyProblem = true;
                    }
                    sb.append("- **").append(t.verdict().label()).append("** ").append(ro.requirement().id())
                            .append(" — ").append(cell(t.name())).append(": ")
                            .append(cell(Verdicts.firstLine(t.message()))).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    public static void write(Path file, RunContext ctx, RunResult result) throws IOException {
        Files.writeString(file, render(ctx, result));
    }
}
