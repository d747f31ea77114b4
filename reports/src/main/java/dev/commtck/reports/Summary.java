package dev.commtck.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.KitDelay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json} as {@code summary.md} and {@code index.html} read it: the targets, each requirement's outcome on
 * each, and every reason a target was given. Both pages are made from it, after a run and by {@code commtck report DIR}
 * alike, so that they say the same.
 */
final class Summary {

    private final JsonNode root;

    Summary(JsonNode root) {
        this.root = root;
    }

    static Summary read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file.getParent() + " holds no summary.json from a run");
        }
        return new Summary(SummaryJson.JSON.readTree(file.toFile()));
    }

    JsonNode run() {
        return root.path("run");
    }

    /** The run's verdict over all its targets: CONFORMING, NOT CONFORMING or COULD NOT EVALUATE. */
    String verdict() {
        return run().path("verdict").asText();
    }

    List<JsonNode> targets() {
        return list(run().path("targets"));
    }

    List<JsonNode> requirements() {
        return list(root.path("requirements"));
    }

    /** A requirement's outcome on each target, in the order of {@link #targets()}: its verdict and its tests. */
    static List<JsonNode> outcomes(JsonNode requirement) {
        return requirement.has("byTarget") ? list(requirement.path("byTarget")) : List.of(requirement);
    }

    /** {@code 1 FAIL, 17 PASS}: a target's counts, most severe first. */
    /** How much the kit itself was held up in a target's run, as summary.json records it. */
    static KitDelay kitDelay(JsonNode target) {
        return new KitDelay(target.path("kitDelay").path("lostMs").asLong(), target.path("kitDelay").path("longestMs").asLong());
    }

    static String counts(JsonNode target) {
        List<String> parts = new ArrayList<>();
        target.path("counts").properties().forEach(e -> parts.add(e.getValue().asInt() + " " + e.getKey()));
        return String.join(", ", parts);
    }

    /** The verdict a shown one stands for: {@code FAIL (waived)} is a FAIL. */
    static Verdict verdictOf(String shown) {
        return Arrays.stream(Verdict.values()).filter(v -> shown.startsWith(v.label())).findFirst().orElse(Verdict.ERROR);
    }

    /**
     * One thing a report says about a target, with its reason.
     *
     * @param verdict what it is: a verdict ({@code FAIL}, {@code N/A}, {@code NOT FOUND}…) or {@code WAIVER EXPIRED}
     * @param level   the requirement's level; empty for a pattern or a waiver
     * @param subject the requirement ID, or the pattern not found
     * @param spec    where the spec says what is required, relative to the report folder
     * @param test    the test that says so; empty when none does
     * @param testId  its JUnit unique ID, which finds it in the Allure report; empty when none
     * @param text    the reason, one sentence
     * @param tests   how many tests gave this same reason
     */
    record Reason(String verdict, String level, String subject, String spec, String test, String testId, String text,
                  int tests) {
    }

    /**
     * Every reason target {@code t} was given, most severe first: each test that did not pass (tests of one requirement
     * that give the same reason, once), each pattern not found, then each waiver that had a say.
     */
    List<Reason> reasons(int t) {
        Map<String, Reason> byTest = new LinkedHashMap<>();
        for (JsonNode r : requirements()) {
            for (JsonNode test : outcomes(r).get(t).path("tests")) {
                if (test.has("reason") && verdictOf(test.path("verdict").asText()) != Verdict.PASS) {
                    byTest.merge(r.path("id").asText() + "|" + test.path("verdict").asText() + "|" + test.path("reason").asText(),
                            testReason(r, test), (a, b) -> new Reason(a.verdict(), a.level(), a.subject(), a.spec(),
                                    a.test(), a.testId(), a.text(), a.tests() + 1));
                }
            }
        }
        List<Reason> out = new ArrayList<>(byTest.values());
        JsonNode target = targets().get(t);
        for (JsonNode nf : target.path("notFound")) {
            String pattern = nf.path("pattern").asText();
            out.add(new Reason(Verdict.NOT_FOUND.label(), "", pattern,
                    "spec/" + Pattern.byId(pattern).map(Pattern::document).orElse("README.md") + "#contract", "", "",
                    nf.path("request").asText(), 0));
        }
        out.sort(Comparator.comparing(r -> verdictOf(r.verdict())));
        for (JsonNode w : target.path("waivers")) {
            String status = w.path("status").asText();
            if (!status.equals("NOT_RUN") && !status.equals("NOT_NEEDED_HERE")) {
                out.add(waiverReason(w));
            }
        }
        return out;
    }

    /**
     * What decides target {@code t}'s verdict: each requirement that fails the run or could not be evaluated, with the
     * reason of its first test that says so, then each waiver that fails the run.
     */
    List<Reason> decisive(int t) {
        boolean strict = run().path("strict").asBoolean();
        boolean allowFlaky = run().path("allowFlaky").asBoolean();
        List<Reason> out = new ArrayList<>();
        for (JsonNode r : requirements()) {
            String shown = outcomes(r).get(t).path("verdict").asText();
            Verdict v = verdictOf(shown);
            boolean decides = switch (v) {
                case FAIL, ERROR -> true;
                case FLAKY -> !allowFlaky;
                case WARN -> strict;
                default -> false;
            };
            if (decides && !shown.endsWith("(waived)")) {
                JsonNode test = list(outcomes(r).get(t).path("tests")).stream()
                        .filter(x -> verdictOf(x.path("verdict").asText()) == v).findFirst().orElse(SummaryJson.JSON.nullNode());
                out.add(testReason(r, test));
            }
        }
        for (JsonNode w : targets().get(t).path("waivers")) {
            if (w.path("status").asText().equals("EXPIRED") || w.path("status").asText().equals("STALE")) {
                out.add(waiverReason(w));
            }
        }
        return out;
    }

    /** A test's reason; for a requirement none of whose tests ran, that none did. */
    private static Reason testReason(JsonNode requirement, JsonNode test) {
        return new Reason(test.path("verdict").asText(Verdict.ERROR.label()), requirement.path("level").asText(),
                requirement.path("id").asText(), requirement.path("spec").asText(), test.path("name").asText(),
                test.path("id").asText(), test.path("reason").asText("none of its tests ran"), 1);
    }

    private static Reason waiverReason(JsonNode waiver) {
        return new Reason("WAIVER " + waiver.path("status").asText(), "", waiver.path("id").asText(), "", "", "",
                waiver.path("message").asText(), 0);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
