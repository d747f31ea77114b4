package dev.commtck.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.KitDelay;
import java.util.List;

/**
 * {@code summary.md}, the page someone pastes into a pull request or a CI step summary: the verdict first, then one row
 * per requirement (with several targets, one verdict column per target), then every reason each target was given.
 */
final class SummaryMarkdown {

    private SummaryMarkdown() {
    }

    static String render(Summary summary) {
        JsonNode run = summary.run();
        List<JsonNode> targets = summary.targets();
        boolean single = targets.size() == 1;
        StringBuilder sb = new StringBuilder("# CommTCK: ").append(summary.verdict()).append("\n\n");
        for (int t = 0; t < targets.size(); t++) {
            JsonNode target = targets.get(t);
            sb.append("- ").append(single ? "" : target.path("label").asText() + ": ").append(target.path("target").asText())
                    .append(target.path("embeddedReferenceServer").asBoolean() ? " (embedded reference server)" : "")
                    .append(": **").append(target.path("conclusion").asText()).append("** (exit ")
                    .append(target.path("exitCode").asInt()).append(") — ").append(Summary.counts(target)).append('\n');
            KitDelay delay = Summary.kitDelay(target);
            if (delay.noteworthy()) {
                sb.append("  - ").append(delay.sentence()).append('\n');
            }
            for (Summary.Reason r : summary.decisive(t)) {
                sb.append("  - ").append(line(r)).append('\n');
            }
        }
        sb.append("- Patterns: ").append(run.path("patterns").asText()).append('\n');
        sb.append("- CommTCK ").append(run.path("tckVersion").asText()).append(", spec ").append(run.path("specVersion").asText())
                .append(run.path("strict").asBoolean() ? ", strict" : "")
                .append(run.path("repeat").asInt() > 1 ? ", each test run " + run.path("repeat").asInt() + " times" : "")
                .append("\n\n");

        sb.append("| Requirement | Level |");
        targets.forEach(t -> sb.append(single ? " Verdict |" : " " + t.path("label").asText() + " |"));
        sb.append(single ? " Tests |" : "").append(" Statement |\n|---|---|").append("---|".repeat(targets.size()))
                .append(single ? "---|" : "").append("---|\n");
        for (JsonNode r : summary.requirements()) {
            sb.append("| [").append(r.path("id").asText()).append("](").append(r.path("spec").asText()).append(") | ")
                    .append(r.path("level").asText()).append(" |");
            for (JsonNode outcome : Summary.outcomes(r)) {
                String v = outcome.path("verdict").asText();
                sb.append(' ').append(Summary.verdictOf(v) == Verdict.PASS ? v : "**" + v + "**").append(" |");
            }
            if (single) {
                sb.append(' ').append(r.path("tests").size()).append(" |");
            }
            sb.append(' ').append(cell(r.path("statement").asText())).append(" |\n");
        }

        for (int t = 0; t < targets.size(); t++) {
            List<Summary.Reason> reasons = summary.reasons(t);
            if (!reasons.isEmpty()) {
                sb.append("\n## Reasons").append(single ? "" : " for " + targets.get(t).path("title").asText()).append("\n\n");
                reasons.forEach(r -> sb.append("- ").append(line(r)).append('\n'));
            }
        }
        return sb.toString();
    }

    /** {@code **FAIL** [RR-PING-1](spec/…) — HelloTest › POST ping…: Expected …} */
    private static String line(Summary.Reason r) {
        StringBuilder sb = new StringBuilder("**").append(r.verdict()).append("** ");
        sb.append(r.spec().isEmpty() ? r.subject() : "[" + r.subject() + "](" + r.spec() + ")");
        if (!r.test().isEmpty()) {
            sb.append(" — ").append(cell(r.test())).append(r.tests() > 1 ? " and " + (r.tests() - 1) + " more" : "");
        }
        return sb.append(": ").append(cell(r.text())).toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
