package dev.commtck.mutants;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.RequirementOutcome;
import dev.commtck.tck.runner.RunRequest;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.TckRunner;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Runs one pattern's suites against a self-test server, the way {@code commtck run} does. */
final class Runs {

    /** Every self-test run leaves its JUnit XML and Allure results here, one folder per server. */
    static final Path OUT = Path.of("target", "selftest-runs");

    private Runs() {
    }

    static RunResult run(URI target, Pattern pattern, String name) {
        return run(target, pattern, name, Map.of());
    }

    /** With configuration parameters, such as {@code commtck.paths.request-response.hello}. */
    static RunResult run(URI target, Pattern pattern, String name, Map<String, String> parameters) {
        return TckRunner.run(new RunRequest(target, List.of(pattern), parameters, false, OUT.resolve(name)));
    }

    /** Only the tests of some requirements of the pattern. */
    static RunResult runOnly(URI target, Pattern pattern, String name, Set<String> requirements, Map<String, String> parameters) {
        return TckRunner.run(new RunRequest(target, List.of(pattern), parameters, false, OUT.resolve(name)).only(requirements));
    }

    /** {@code RR-PING-1=FAIL, RR-TRIM-1=FAIL}: the requirements that did not pass, for assertion messages. */
    static String problems(RunResult result) {
        return result.requirements().stream()
                .filter(r -> r.verdict() != Verdict.PASS && r.verdict() != Verdict.NOT_APPLICABLE)
                .map(r -> r.requirement().id() + "=" + r.verdict().label() + firstMessage(r))
                .collect(Collectors.joining("; ", "[", "]"));
    }

    private static String firstMessage(RequirementOutcome r) {
        return r.tests().stream().map(t -> t.message()).filter(m -> !m.isEmpty()).findFirst()
                .map(m -> " (" + m.lines().findFirst().orElse("") + ")").orElse("");
    }
}
