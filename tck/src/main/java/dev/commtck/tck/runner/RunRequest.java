package dev.commtck.tck.runner;

import dev.commtck.spec.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run of the TCK.
 *
 * @param target     base URL of the server under test
 * @param patterns   the patterns whose suites run
 * @param parameters further configuration parameters (paths, tolerances), keys with the {@code commtck.} prefix
 * @param strict     a SHOULD violation fails the run
 * @param outDir     where JUnit XML ({@code junit-xml/}) and Allure results ({@code allure-results/}) go
 */
public record RunRequest(URI target, List<Pattern> patterns, Map<String, String> parameters, boolean strict, Path outDir) {

    public RunRequest {
        patterns = List.copyOf(patterns);
        parameters = Map.copyOf(parameters);
    }
}
