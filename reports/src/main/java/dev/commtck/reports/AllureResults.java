package dev.commtck.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commtck.spec.Requirement;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.RequirementOutcome;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.TestOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Finishes a run's Allure results once every verdict is known: each test is filed under its requirement's final
 * verdict ({@code RR-PING-1 · MUST · FAIL}), FLAKY tests are flagged, waived failures say so, and in a report of
 * several targets each target becomes the top level of the tree (target → pattern → requirement → test). Each result
 * is labelled with its target, for the verdict page's links to it.
 */
final class AllureResults {

    private static final Set<String> TREE = Set.of("parentSuite", "suite", "subSuite");

    private AllureResults() {
    }

    static void finish(Path results, TargetRun target, boolean single) throws IOException {
        RunResult result = target.result();
        Map<String, TestOutcome> testsById = new HashMap<>();
        Map<String, RequirementOutcome> requirementsById = new HashMap<>();
        result.tests().forEach(t -> testsById.put(t.uniqueId(), t));
        result.requirements().forEach(r -> requirementsById.put(r.requirement().id(), r));
        List<Path> files;
        try (Stream<Path> s = Files.list(results)) {
            files = s.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList();
        }
        for (Path file : files) {
            ObjectNode json = (ObjectNode) SummaryJson.JSON.readTree(file.toFile());
            String requirementId = label(json, "requirement");
            RequirementOutcome ro = requirementsById.get(requirementId);
            if (ro == null) {
                continue; // not a conformance test
            }
            TestOutcome test = testsById.get(label(json, "junit.platform.uniqueid"));
            relabel(json, result, ro, single ? null : target.title());
            add(json.withArray("labels"), AllureLinks.TARGET_LABEL, target.label());
            ObjectNode details = json.with("statusDetails");
            if (test != null && test.verdict() == Verdict.FLAKY) {
                details.put("flaky", true);
            }
            result.waiverOf(requirementId).ifPresent(w -> {
                details.put("known", true);
                if ("failed".equals(json.path("status").asText())) {
                    details.put("message", "WAIVED until " + w.expires() + " (" + w.reason() + "): "
                            + details.path("message").asText(""));
                }
            });
            SummaryJson.JSON.writeValue(file.toFile(), json);
        }
    }

    private static void relabel(ObjectNode json, RunResult result, RequirementOutcome ro, String targetTitle) {
        Requirement r = ro.requirement();
        String requirementNode = r.id() + " · " + r.level() + " · " + Verdicts.shown(result, ro);
        ArrayNode labels = json.withArray("labels");
        for (int i = labels.size() - 1; i >= 0; i--) {
            if (TREE.contains(labels.get(i).path("name").asText())) {
                labels.remove(i);
            }
        }
        if (targetTitle == null) {
            add(labels, "parentSuite", r.pattern().title());
            add(labels, "suite", requirementNode);
        } else {
            add(labels, "parentSuite", targetTitle);
            add(labels, "suite", r.pattern().title());
            add(labels, "subSuite", requirementNode);
            // Allure takes results with one history id for retries of one test; each target's are distinct tests
            // (repetitions within one target keep theirs, and show as retries).
            json.put("historyId", UUID.nameUUIDFromBytes((targetTitle + "|" + json.path("historyId").asText())
                    .getBytes(StandardCharsets.UTF_8)).toString());
        }
        json.put("description", r.title() + "\n\nVerdict of the requirement in this run: " + Verdicts.shown(result, ro)
                + "\n\n" + json.path("description").asText("").replaceFirst("(?s)^.*?\n\n", ""));
    }

    private static void add(ArrayNode labels, String name, String value) {
        labels.addObject().put("name", name).put("value", value);
    }

    private static String label(JsonNode json, String name) {
        for (JsonNode l : json.path("labels")) {
            if (name.equals(l.path("name").asText())) {
                return l.path("value").asText();
            }
        }
        return "";
    }
}
