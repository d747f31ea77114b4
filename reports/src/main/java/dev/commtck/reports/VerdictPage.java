package dev.commtck.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.KitDelay;
import dev.commtck.tck.support.Text;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code index.html}, the page a report opens with: each target's verdict (CONFORMING, NOT CONFORMING or COULD NOT
 * EVALUATE) with what decides it and its counts, every reason the targets were given, then every requirement's verdict,
 * colour-coded, linked to the spec and to its tests in the Allure report. One self-contained file with nothing to
 * fetch, so that it opens from {@code file://} anywhere.
 */
final class VerdictPage {

    /** Each verdict in the order a reader learns them, with what it means. */
    private static final Map<Verdict, String> MEANINGS = new LinkedHashMap<>();

    static {
        MEANINGS.put(Verdict.PASS, "the requirement holds");
        MEANINGS.put(Verdict.FAIL, "a MUST is violated");
        MEANINGS.put(Verdict.WARN, "a SHOULD is not met (still conforming unless --strict)");
        MEANINGS.put(Verdict.NOT_APPLICABLE, "an optional capability the server does not offer");
        MEANINGS.put(Verdict.NOT_FOUND, "the server does not expose the pattern");
        MEANINGS.put(Verdict.ERROR, "the kit could not evaluate it");
        MEANINGS.put(Verdict.FLAKY, "repeated runs disagreed");
        MEANINGS.put(Verdict.UNTESTED, "cannot be checked from outside (the spec says why)");
    }

    private static final String STYLE = """
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0;
                   background: #f6f7f9; }
            header, main { max-width: 1320px; margin: 0 auto; padding: 0 24px; }
            header { padding-top: 18px; }
            h1 { font-size: 20px; margin: 0; }
            h2 { font-size: 17px; margin: 22px 0 8px; }
            h3 { font-size: 15px; margin: 14px 0 6px; }
            a { color: #0b5cad; }
            .meta { color: #57606a; margin: 4px 0 0; }
            .targets { display: flex; flex-wrap: wrap; gap: 16px; margin-top: 16px; }
            .target { flex: 1 1 340px; background: #fff; border: 1px solid #d0d7de; border-left: 8px solid var(--c);
                      border-radius: 6px; padding: 14px 18px; }
            .target .who { margin: 0; color: #57606a; overflow-wrap: anywhere; }
            .target .who b { color: #1f2328; }
            .target .headline { font-size: 30px; font-weight: 700; letter-spacing: .02em; color: var(--c); margin: 2px 0; }
            .target .why { margin: 0 0 8px; }
            .target h2 { font-size: 15px; margin: 12px 0 4px; }
            .conforming { --c: #1a7f37; }
            .not-conforming { --c: #cf222e; }
            .could-not-evaluate { --c: #bc4c00; }
            ul { margin: 0; padding-left: 0; list-style: none; }
            li { margin: 3px 0; }
            .v { display: inline-block; min-width: 5.5em; padding: 0 6px; border: 1px solid var(--c); border-radius: 4px;
                 background: var(--t); color: var(--c); font-weight: 600; font-size: 13px; text-align: center;
                 white-space: nowrap; }
            td.v { display: table-cell; border: 0; border-bottom: 1px solid #e3e6ea; border-radius: 0; vertical-align: middle; }
            td.id { white-space: nowrap; }
            td.v a { color: inherit; text-decoration: none; display: block; }
            td.v a:hover { text-decoration: underline; }
            .v.waived { background: repeating-linear-gradient(135deg, var(--t) 0 6px, #fff 6px 12px); }
            .v-pass { --c: #1a7f37; --t: #dcf5e3; }
            .v-fail { --c: #cf222e; --t: #ffe1e1; }
            .v-warn { --c: #7d5a00; --t: #fff1b8; }
            .v-n-a { --c: #2f6f80; --t: #ddf0f5; }
            .v-not-found { --c: #4b4fc4; --t: #e6e7fb; }
            .v-error { --c: #bc4c00; --t: #ffe8d4; }
            .v-flaky { --c: #8a2ba8; --t: #f4e2fa; }
            .v-untested { --c: #5c6166; --t: #eceef0; }
            .counts .v { min-width: 0; margin-right: 4px; }
            .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; color: #57606a; font-size: 13px; margin: 0 0 8px; }
            .test { color: #57606a; }
            section.reasons, section.requirements { background: #fff; border: 1px solid #d0d7de; border-radius: 6px;
                      padding: 4px 18px 14px; margin-top: 16px; }
            table { border-collapse: collapse; width: 100%; }
            th, td { border-bottom: 1px solid #e3e6ea; padding: 4px 8px; text-align: left; vertical-align: top; }
            thead th { position: sticky; top: 0; background: #fff; white-space: nowrap; }
            tr.pattern th { background: #f0f2f5; padding-top: 8px; }
            code { font-size: 13px; background: #f0f2f5; padding: 0 3px; border-radius: 3px; }
            footer { height: 24px; }
            """;

    private VerdictPage() {
    }

    /** {@code CommTCK: NOT CONFORMING}, or with several targets each one's: the page's title, and Allure's report name. */
    static String title(Summary summary) {
        List<JsonNode> targets = summary.targets();
        if (targets.size() == 1) {
            return "CommTCK: " + summary.verdict();
        }
        return "CommTCK: " + String.join(" · ", targets.stream()
                .map(t -> t.path("label").asText() + " " + t.path("verdict").asText()).toList());
    }

    static String render(Summary summary, AllureLinks links) {
        JsonNode run = summary.run();
        List<JsonNode> targets = summary.targets();
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc(title(summary))).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        sb.append("<header><h1>CommTCK conformance report</h1>\n<p class=\"meta\">")
                .append(esc(run.path("patterns").asText().replace(",", ", "))).append(" · CommTCK ")
                .append(esc(run.path("tckVersion").asText())).append(", spec ").append(esc(run.path("specVersion").asText()))
                .append(run.path("strict").asBoolean() ? ", --strict" : "")
                .append(run.path("repeat").asInt() > 1 ? ", each test run " + run.path("repeat").asInt() + " times" : "")
                .append(" · started ").append(started(run.path("startedAt").asText()))
                .append(" · <a href=\"").append(Reports.ALLURE).append("\">every test with its exchanges</a>")
                .append(" · <a href=\"summary.md\">summary.md</a> · <a href=\"summary.json\">summary.json</a></p></header>\n<main>\n");

        sb.append("<section class=\"targets\">\n");
        for (int t = 0; t < targets.size(); t++) {
            verdictOf(sb, summary, t, links);
        }
        sb.append("</section>\n");

        StringBuilder reasons = new StringBuilder();
        for (int t = 0; t < targets.size(); t++) {
            List<Summary.Reason> list = summary.reasons(t);
            if (!list.isEmpty()) {
                if (targets.size() > 1) {
                    reasons.append("<h3>").append(esc(targets.get(t).path("title").asText())).append("</h3>\n");
                }
                reasons.append("<ul>\n");
                String label = targets.get(t).path("label").asText();
                list.forEach(r -> reasons.append("<li>").append(reason(r, label, links)).append("</li>\n"));
                reasons.append("</ul>\n");
            }
        }
        if (!reasons.isEmpty()) {
            sb.append("<section class=\"reasons\"><h2>Reasons</h2>\n").append(reasons).append("</section>\n");
        }

        requirements(sb, summary, links);
        return sb.append("<footer></footer>\n</main>\n</body>\n</html>\n").toString();
    }

    /** One target's card: who, the verdict, why, the counts, and what decides it. */
    private static void verdictOf(StringBuilder sb, Summary summary, int t, AllureLinks links) {
        JsonNode target = summary.targets().get(t);
        String verdict = target.path("verdict").asText();
        String conclusion = target.path("conclusion").asText();
        sb.append("<article class=\"target ").append(cssName(verdict)).append("\">\n<p class=\"who\">");
        if (summary.targets().size() > 1) {
            sb.append("<b>").append(esc(target.path("label").asText())).append("</b> ");
        }
        sb.append(esc(target.path("target").asText()))
                .append(target.path("embeddedReferenceServer").asBoolean() ? " (the embedded reference server)" : "")
                .append("</p>\n<p class=\"headline\">").append(esc(verdict)).append("</p>\n<p class=\"why\">")
                .append(esc(conclusion.startsWith(verdict + ": ") ? conclusion.substring(verdict.length() + 2) : conclusion))
                .append(" · exit ").append(target.path("exitCode").asInt()).append(" · ")
                .append(Text.plural(target.path("tests").asInt(), "test"))
                .append(String.format(Locale.ROOT, " in %.1f s", target.path("durationMs").asLong() / 1000.0))
                .append(kitDelay(target)).append("</p>\n<p class=\"counts\">");
        target.path("counts").properties().forEach(e -> sb.append(chip(e.getKey(), e.getValue().asInt() + " " + e.getKey())));
        sb.append("</p>\n");
        List<Summary.Reason> decisive = summary.decisive(t);
        if (!decisive.isEmpty()) {
            boolean mustsFail = decisive.stream().allMatch(r -> r.verdict().equals("FAIL") && r.level().equals("MUST"));
            sb.append("<h2>").append(mustsFail ? "Failed MUSTs" : "What decides the verdict").append("</h2>\n<ul>\n");
            String label = target.path("label").asText();
            decisive.forEach(r -> sb.append("<li>").append(reason(r, label, links)).append("</li>\n"));
            sb.append("</ul>\n");
        }
        sb.append("</article>\n");
    }

    /** A reason: its verdict, the requirement (to the spec), the test (to its exchanges in Allure), and why. */
    private static String reason(Summary.Reason r, String target, AllureLinks links) {
        StringBuilder sb = new StringBuilder(chip(r.verdict(), r.verdict())).append(' ');
        sb.append(r.spec().isEmpty() ? esc(r.subject()) : link(r.spec(), r.subject()));
        Optional<String> route = r.testId().isEmpty() ? Optional.empty() : links.route(target, r.testId());
        if (!r.test().isEmpty()) {
            String test = r.test() + (r.tests() > 1 ? " and " + (r.tests() - 1) + " more" : "");
            sb.append(" <span class=\"test\">").append(route.map(x -> link(Reports.ALLURE + "#" + x, test)).orElse(esc(test)))
                    .append("</span>");
        }
        return sb.append(": ").append(statement(r.text())).toString();
    }

    /** Every requirement, by pattern: its verdict on each target, linked to its worst test in the Allure report. */
    private static void requirements(StringBuilder sb, Summary summary, AllureLinks links) {
        List<JsonNode> targets = summary.targets();
        sb.append("<section class=\"requirements\"><h2>Requirements</h2>\n<p class=\"legend\">");
        MEANINGS.forEach((v, meaning) -> sb.append("<span>").append(chip(v.label(), v.label())).append(' ').append(esc(meaning))
                .append("</span>"));
        sb.append("</p>\n<table>\n<thead><tr><th>Requirement</th><th>Level</th>");
        targets.forEach(t -> sb.append("<th>").append(targets.size() == 1 ? "Verdict" : esc(t.path("label").asText())).append("</th>"));
        sb.append("<th>Statement</th></tr></thead>\n<tbody>\n");
        int columns = targets.size() + 3;
        String pattern = "";
        for (JsonNode r : summary.requirements()) {
            List<JsonNode> outcomes = Summary.outcomes(r);
            boolean absentEverywhere = outcomes.stream().allMatch(o -> Summary.verdictOf(o.path("verdict").asText()) == Verdict.NOT_FOUND);
            if (!r.path("pattern").asText().equals(pattern)) {
                pattern = r.path("pattern").asText();
                Pattern p = Pattern.byId(pattern).orElseThrow();
                sb.append("<tr class=\"pattern\" id=\"").append(p.id()).append("\"><th colspan=\"").append(columns).append("\">")
                        .append(link("spec/" + p.document(), p.title()));
                if (absentEverywhere) {
                    long count = summary.requirements().stream().filter(x -> x.path("pattern").asText().equals(p.id())).count();
                    sb.append(' ').append(chip(Verdict.NOT_FOUND.label(), Verdict.NOT_FOUND.label())).append(' ')
                            .append(Text.plural(count, "requirement")).append(" not checked");
                }
                sb.append("</th></tr>\n");
            }
            if (absentEverywhere) {
                continue;
            }
            sb.append("<tr><td class=\"id\">").append(link(r.path("spec").asText(), r.path("id").asText())).append("</td><td>")
                    .append(esc(r.path("level").asText())).append("</td>");
            for (int t = 0; t < targets.size(); t++) {
                String shown = outcomes.get(t).path("verdict").asText();
                String label = targets.get(t).path("label").asText();
                Optional<String> route = worstTest(outcomes.get(t)).flatMap(id -> links.route(label, id));
                sb.append("<td class=\"").append(chipClass(shown)).append("\"")
                        .append(r.has("untestable") ? " title=\"" + esc(r.path("untestable").asText()) + "\"" : "").append('>')
                        .append(route.map(x -> link(Reports.ALLURE + "#" + x, shown)).orElse(esc(shown))).append("</td>");
            }
            sb.append("<td>").append(statement(r.path("statement").asText())).append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n</section>\n");
    }

    /** The test that shows a requirement's verdict best: the first whose verdict is the requirement's, else the first. */
    private static Optional<String> worstTest(JsonNode outcome) {
        Verdict v = Summary.verdictOf(outcome.path("verdict").asText());
        JsonNode chosen = null;
        for (JsonNode test : outcome.path("tests")) {
            if (chosen == null || Summary.verdictOf(test.path("verdict").asText()) == v
                    && Summary.verdictOf(chosen.path("verdict").asText()) != v) {
                chosen = test;
            }
        }
        return Optional.ofNullable(chosen).map(x -> x.path("id").asText());
    }

    /** {@code 2026-12-06 04:10 UTC}: when the run started, to the minute. */
    private static String started(String instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC)
                .format(Instant.parse(instant));
    }

    /** How much the kit itself was held up, when enough to say ({@link KitDelay}), as summary.json records it. */
    private static String kitDelay(JsonNode target) {
        KitDelay d = Summary.kitDelay(target);
        return d.noteworthy() ? " · " + esc(d.sentence()) : "";
    }

    private static String chip(String verdict, String text) {
        return "<span class=\"" + chipClass(verdict) + "\">" + esc(text) + "</span>";
    }

    /** {@code v v-n-a}: the colour of a verdict; a waiver is about a FAIL, and a waived FAIL is striped. */
    private static String chipClass(String shown) {
        boolean waiver = shown.startsWith("WAIVER ");
        return "v v-" + cssName((waiver ? Verdict.FAIL : Summary.verdictOf(shown)).label())
                + (shown.endsWith("(waived)") || shown.equals("WAIVER APPLIED") ? " waived" : "");
    }

    /** {@code NOT CONFORMING} → {@code not-conforming}, {@code N/A} → {@code n-a}. */
    private static String cssName(String words) {
        return words.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-");
    }

    private static String link(String href, String text) {
        return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
    }

    /** A sentence of the spec or a finding, its {@code `code`} spans shown as code. */
    private static String statement(String text) {
        return esc(text).replaceAll("`([^`]+)`", "<code>$1</code>");
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
