package dev.commtck.cli;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.reports.ConsoleSummary;
import dev.commtck.reports.Reports;
import dev.commtck.reports.RunContext;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.TckSettings;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.support.Preflight;
import dev.commtck.tck.runner.RunRequest;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.TckRunner;
import dev.commtck.tck.support.Tolerances;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code commtck run}: points the TCK at a server (or at the embedded reference server) and writes the report. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the conformance suites against a server and writes the report.",
                "Without --target it starts the reference server in-process and tests that."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--target", paramLabel = "URL", description = "Base URL of the server under test.")
    String target;

    @Option(names = "--patterns", paramLabel = "ID", split = ",",
            description = "Patterns to check (default: all): request-response, short-polling, …")
    List<String> patterns;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file: target, patterns, strict, paths.*, tolerance.*")
    Path config;

    @Option(names = {"-P", "--param"}, paramLabel = "KEY=VALUE",
            description = "One setting, as in the config file (e.g. -P paths.request-response.hello=/api/hello).")
    Map<String, String> params;

    @Option(names = "--timeout-multiplier", paramLabel = "X", description = "Multiply every tolerance (slow machines).")
    Double multiplier;

    @Option(names = "--strict", description = "A SHOULD violation fails the run (exit 1).")
    Boolean strict;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "commtck-report",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        RunSettings settings;
        Tolerances tolerances;
        try {
            settings = RunSettings.resolve(config, target, patterns, params, strict, multiplier);
            tolerances = Tolerances.from(k -> Optional.ofNullable(settings.parameters().get(TckSettings.TOLERANCE + k)));
        } catch (RunSettings.Invalid | IllegalArgumentException e) {
            stderr.println("commtck: ERROR " + e.getMessage());
            return ExitCodes.NOT_EVALUATED;
        }
        ReferenceServer embedded = settings.target().isEmpty() ? ReferenceServer.start("127.0.0.1", 0) : null;
        try {
            URI uri = settings.target().orElseGet(() -> embedded.uri());
            Optional<String> problem = Preflight.problemWith(uri, tolerances);
            if (problem.isPresent()) {
                stderr.println("commtck: ERROR " + problem.get());
                return ExitCodes.NOT_EVALUATED;
            }
            stdout.printf("Testing %s%s: %s%n", uri, embedded != null ? " (the embedded reference server; give --target to test yours)" : "",
                    String.join(", ", settings.patterns().stream().map(Pattern::id).toList()));
            stdout.flush();
            clean(out);
            Files.createDirectories(out);
            RunContext ctx = RunContext.of(uri, embedded != null, settings.patterns(), tolerances, settings.strict());
            RunResult result = TckRunner.run(new RunRequest(uri, settings.patterns(), settings.parameters(),
                    settings.strict(), out));
            Reports.write(out, ctx, result);
            stdout.println();
            stdout.print(ConsoleSummary.render(result));
            stdout.printf("Report: %s (summary.md, summary.json, junit-xml/ beside it)%n", out.resolve("index.html"));
            return result.exitCode();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** Removes what an earlier run wrote into the output folder, and nothing else. */
    static void clean(Path out) throws IOException {
        for (String name : List.of("allure-results", "junit-xml", "spec", "index.html", "summary.json", "summary.md")) {
            Path p = out.resolve(name);
            if (Files.exists(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            }
        }
    }
}
