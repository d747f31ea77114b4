package dev.commtck.tck.runner;

import dev.commtck.spec.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of the TCK against one target.
 *
 * @param target     base URL of the server under test
 * @param patterns   the patterns whose suites run
 * @param parameters further configuration parameters (paths, tolerances), keys with the {@code commtck.} prefix
 * @param strict     a SHOULD violation fails the run
 * @param outDir     where JUnit XML ({@code junit-xml/}) and Allure results ({@code allure-results/}) go
 * @param repeat     how many times each test runs; tests whose outcomes differ are FLAKY
 * @param allowFlaky a FLAKY verdict does not fail the run
 * @param waivers    accepted failures, each until a date
 * @param only       if not empty, only the tests of these requirements run (the others are not evaluated)
 * @param notFound   patterns the target does not expose, each with the one line that says how that was found; their
 *                   requirements are NOT FOUND and none of their tests run
 */
public record RunRequest(URI target, List<Pattern> patterns, Map<String, String> parameters, boolean strict, Path outDir,
                         int repeat, boolean allowFlaky, List<Waiver> waivers, Set<String> only, Map<Pattern, String> notFound) {

    public RunRequest {
        patterns = List.copyOf(patterns);
        notFound = Map.copyOf(notFound);
        parameters = Map.copyOf(parameters);
        waivers = List.copyOf(waivers);
        only = Set.copyOf(only);
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
        }
    }

    /** A single run without waivers. */
    public RunRequest(URI target, List<Pattern> patterns, Map<String, String> parameters, boolean strict, Path outDir) {
        this(target, patterns, parameters, strict, outDir, 1, false, List.of(), Set.of(), Map.of());
    }

    /** The same run, limited to the tests of some requirements. */
    public RunRequest only(Set<String> requirementIds) {
        return new RunRequest(target, patterns, parameters, strict, outDir, repeat, allowFlaky, waivers, requirementIds,
                notFound);
    }
}
