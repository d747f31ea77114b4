package dev.commtck.cli;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.reports.ConsoleSummary;
import dev.commtck.reports.Reports;
import dev.commtck.reports.RunContext;
import dev.commtck.reports.TargetRun;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.TckSettings;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunRequest;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.TckRunner;
import dev.commtck.tck.runner.Waiver;
import dev.commtck.tck.runner.Waivers;
import dev.commtck.tck.support.Preflight;
import dev.commtck.tck.support.Tolerances;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code commtck run}: points the TCK at servers (or at the embedded reference server) and writes the report. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the conformance suites against a server and writes the report.",
                "Without --target it starts the reference server in-process and tests that.",
                "With several --target options it tests each and writes one report with a requirement x target matrix."})
final class RunCommand implements Callable<Integer> {

    /** Kept referenced: java.util.logging forgets the level of a logger nobody holds. */
    private static final Logger REFERENCE_LOG = Logger.getLogger("dev.commtck.reference");

    @Option(names = "--target", paramLabel = "URL", description = "Base URL of a server under test (repeatable).")
    List<String> targets;

    @Option(names = "--patterns", paramLabel = "ID", split = ",",
            description = "Patterns to check (default: all): request-response, short-polling, …")
    List<String> patterns;

    @Option(names = "--requirements", paramLabel = "ID", split = ",",
            description = "Run only the tests of these requirements (e.g. to re-check one that failed).")
    List<String> requirements;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file: target, patterns, strict, repeat, waivers, paths.*, tolerance.*, capability.*")
    Path config;

    @Option(names = {"-P", "--param"}, paramLabel = "KEY=VALUE",
            description = "One setting, as in the config file (e.g. -P paths.request-response.hello=/api/hello).")
    Map<String, String> params;

    @Option(names = "--timeout-multiplier", paramLabel = "X", description = "Multiply every tolerance (slow machines).")
    Double multiplier;

    @Option(names = "--strict", description = "A SHOULD violation fails the run (exit 1).")
    Boolean strict;

    @Option(names = "--repeat", paramLabel = "N", description = "Run each test N times; a test whose outcomes differ is FLAKY.")
    Integer repeat;

    @Option(names = "--allow-flaky", description = "A FLAKY test does not fail the run.")
    Boolean allowFlaky;

    @Option(names = "--waivers", paramLabel = "FILE", description = "YAML list of accepted failures (id, reason, link, expires).")
    Path waivers;

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
        List<Waiver> waiverList;
        try {
            settings = RunSettings.resolve(new RunSettings.Flags(config, targets, patterns, requirements, params, strict,
                    multiplier, repeat, allowFlaky, waivers));
            tolerances = Tolerances.from(k -> Optional.ofNullable(settings.parameters().get(TckSettings.TOLERANCE + k)));
            waiverList = settings.waivers().map(Waivers::read).orElse(List.of());
        } catch (RunSettings.Invalid | Waivers.Invalid | IllegalArgumentException e) {
            stderr.println("commtck: ERROR " + e.getMessage());
            return ExitCodes.NOT_EVALUATED;
        }
        ReferenceServer embedded = settings.targets().isEmpty() ? startEmbedded() : null;
        try {
            List<URI> uris = embedded == null ? settings.targets() : List.of(embedded.uri());
            boolean reachable = true;
            for (URI uri : uris) {
                Optional<String> problem = Preflight.problemWith(uri, tolerances);
                if (problem.isPresent()) {
                    stderr.println("commtck: ERROR " + problem.get());
                    reachable = false;
                }
            }
            if (!reachable) {
                return ExitCodes.NOT_EVALUATED;
            }
            clean(out);
            List<RunContext> contexts = new ArrayList<>();
            List<RunResult> results = new ArrayList<>();
            List<Path> dirs = new ArrayList<>();
            for (int i = 0; i < uris.size(); i++) {
                URI uri = uris.get(i);
                String label = labelOf(i);
                Path dir = uris.size() == 1 ? out : out.resolve("targets").resolve(label + "-" + uri.getHost() + "-" + uri.getPort());
                Files.createDirectories(dir);
                stdout.printf("Testing %s%s: %s%n", uris.size() == 1 ? "" : label + ": ", uri + (embedded != null
                                ? " (the embedded reference server; give --target to test yours)" : ""),
                        String.join(", ", settings.patterns().stream().map(Pattern::id).toList()));
                stdout.flush();
                contexts.add(RunContext.of(uri, embedded != null, settings.patterns(), tolerances, settings.strict()));
                results.add(TckRunner.run(new RunRequest(uri, settings.patterns(), settings.parameters(),
                        settings.strict(), dir, settings.repeat(), settings.allowFlaky(), waiverList, settings.only())));
                dirs.add(dir);
            }
            results = Waivers.acrossTargets(results);
            List<TargetRun> runs = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                runs.add(new TargetRun(labelOf(i), contexts.get(i), results.get(i), dirs.get(i)));
            }
            Reports.write(out, runs);
            stdout.println();
            stdout.print(ConsoleSummary.render(runs));
            stdout.printf("Report: %s (summary.md, summary.json, junit-xml/ beside it)%n", out.resolve("index.html"));
            return ExitCodes.combine(runs.stream().map(t -> t.result().exitCode()).toList());
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** Targets are called A, B, C… in matrices. */
    private static String labelOf(int index) {
        return String.valueOf((char) ('A' + index));
    }

    /** Removes what an earlier run wrote into the output folder, and nothing else. */
    static void clean(Path out) throws IOException {
        for (String name : List.of("allure-results", "junit-xml", "targets", "spec", "index.html", "summary.json", "summary.md")) {
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

    /**
     * The reference server, in this process: its warnings (a slow reader cut off, say) are what the kit's checks
     * provoke on purpose, not news for the user, so they are kept out of the run's output.
     */
    private static ReferenceServer startEmbedded() {
        REFERENCE_LOG.setLevel(Level.SEVERE);
        return ReferenceServer.start("127.0.0.1", 0);
    }
}
