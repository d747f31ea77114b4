package dev.commtck.tck.runner;

import dev.commtck.tck.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Merges the outcomes of repeated runs: a test that did not conclude the same way every time is FLAKY. */
final class Repetitions {

    private Repetitions() {
    }

    static List<TestOutcome> merge(List<List<TestOutcome>> runs) {
        if (runs.size() == 1) {
            return runs.get(0);
        }
        Map<String, List<TestOutcome>> byTest = new LinkedHashMap<>();
        for (List<TestOutcome> run : runs) {
            for (TestOutcome t : run) {
                byTest.computeIfAbsent(t.uniqueId(), k -> new ArrayList<>()).add(t);
            }
        }
        List<TestOutcome> merged = new ArrayList<>();
        for (List<TestOutcome> occurrences : byTest.values()) {
            TestOutcome last = occurrences.get(occurrences.size() - 1);
            boolean agree = occurrences.size() == runs.size()
                    && occurrences.stream().map(TestOutcome::verdict).distinct().count() == 1;
            if (agree) {
                merged.add(last);
                continue;
            }
            String sequence = occurrences.stream().map(o -> o.verdict().label()).collect(Collectors.joining(", "));
            TestOutcome firstProblem = occurrences.stream().filter(o -> o.verdict() != Verdict.PASS && !o.message().isEmpty())
                    .findFirst().orElse(last);
            merged.add(new TestOutcome(last.requirement(), last.testClass(), last.name(), last.uniqueId(), Verdict.FLAKY,
                    "FLAKY: " + occurrences.size() + " of " + runs.size() + " runs concluded " + sequence
                            + (firstProblem.message().isEmpty() ? "" : "\nFirst non-passing outcome:\n" + firstProblem.message()),
                    last.category(), last.durationMs(), firstProblem.request()));
        }
        return merged;
    }
}
