package dev.commtck.cli;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.reports.ConsoleSummary;
import dev.commtck.reports.Reports;
import dev.commtck.reports.RunContext;
import dev.commtck.reports.TargetRun;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.TckSettings;
import dev.commtck.tck.runner.Discovery;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunRequest;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.TckRunner;
import dev.commtck.tck.runner.Waiver;
import dev.commtck.tck.runner.Waivers;
import dev.commtck.tck.support.Endpoint;
import dev.commtck.tck.support.Preflight;
import dev.commtck.tck.support.Redactor;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code commtck run}: points the TCK at servers (or at the embedded reference server) and writes the report. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Runs the conformance suites against a server and writes the report.", "",
                "Without --target it starts the reference server in-process and tests that. Before a pattern's checks "
                        + "run, one request asks for its entry resource: a pattern the server does not expose (404) is "
                        + "reported NOT FOUND in one line and not checked."},
        footerHeading = "%nExamples:%n",
        footer = {"  commtck run                              # the embedded reference server",
                "  commtck init --patterns request-response,sse > commtck.properties",
                "  commtck run --config commtck.properties  # once its paths are yours",
                "  commtck run --target http://localhost:8080/api \\",
                "      --patterns request-response,short-polling",
                "  commtck run --target https://staging.example/api --ca-cert ca.pem \\",
                "      -H 'Authorization: Bearer $${TOKEN}'",
                "  commtck run --target mine=http://localhost:8080 --target ref=reference",
                "  commtck run --target http://localhost:8080 --node http://localhost:8081 \\",
                "      --node http://localhost:8082         # three nodes of one service",
                "  commtck run --target http://localhost:8080 --requirements SSE-RESUME-1 \\",
                "      --repeat 5                           # re-check one requirement, 5 times",
                "",
                "The report in DIR: index.html (each target's verdict, then every requirement), allure.html (every "
                        + "test with its exchanges), summary.md, summary.json and junit-xml/.",
                "",
                "Exit codes: 0 every MUST holds; 1 a MUST fails (with --strict, a SHOULD too), a test is FLAKY, or a "
                        + "waiver expired or went stale; 2 the run could not be evaluated (bad arguments, target "
                        + "unreachable, no pattern found, an ERROR)."})
final class RunCommand implements Callable<Integer> {

    /** Kept referenced: java.util.logging forgets the level of a logger nobody holds. */
    private static final Logger REFERENCE_LOG = Logger.getLogger("dev.commtck.reference");

    @Option(names = "--target", paramLabel = "[NAME=]URL",
            description = "Base URL of a server under test, path prefix included (repeatable). NAME=URL names it for "
                    + "targets.NAME.* settings; 'reference' is the reference server, started in-process.")
    List<String> targets;

    @Option(names = "--node", paramLabel = "URL",
            description = "Base URL of another node of the target's service, a replica behind the same load balancer "
                    + "(repeatable): every check runs against the target, and the cluster checks span the nodes.")
    List<String> nodes;

    @Option(names = "--patterns", paramLabel = "ID", split = ",",
            description = "Patterns to check (default: every pattern the target exposes): request-response, "
                    + "short-polling, long-polling, push, sse, message-queue, pub-sub.")
    List<String> patterns;

    @Option(names = "--requirements", paramLabel = "ID", split = ",",
            description = "Run only the tests of these requirements (e.g. to re-check one that failed).")
    List<String> requirements;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file of settings (commtck init writes one): target, patterns, paths.*, "
                    + "tolerance.*, capability.*, headers.* and targets.NAME.*.")
    Path config;

    @Option(names = {"-P", "--param"}, paramLabel = "KEY=VALUE",
            description = "One setting, as in the config file, for example: -P paths.request-response.hello=/v1/hello")
    Map<String, String> params;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
            description = "A header sent with every request (repeatable); $${VAR} in the value is read from the "
                    + "environment. Authorization, Cookie and Proxy-Authorization values never reach the report.")
    List<String> headers;

    @Option(names = "--secret-header", paramLabel = "NAME",
            description = "Keep this header's value out of the report too (repeatable), e.g. X-Api-Key.")
    List<String> secretHeaders;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "Trust the certificates in this PEM file (a private CA) for https targets, instead of the JDK's.")
    Path caCert;

    @Option(names = "--insecure", description = "Do not verify TLS certificates or host names (said in the report).")
    Boolean insecure;

    @Option(names = "--timeout-multiplier", paramLabel = "X", description = "Multiply every tolerance by X (for slow machines).")
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
            description = "Output folder (default: ${DEFAULT-VALUE}); replaced only when the run is complete.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        RunSettings settings;
        List<Waiver> waiverList;
        ReportFolder folder;
        try {
            settings = RunSettings.resolve(new RunSettings.Flags(config, targets, nodes, patterns, requirements, params, headers,
                    secretHeaders, caCert, insecure, strict, multiplier, repeat, allowFlaky, waivers));
            waiverList = settings.waivers().map(Waivers::read).orElse(List.of());
            folder = ReportFolder.stage(out);
        } catch (RunSettings.Invalid | Waivers.Invalid | IllegalArgumentException | ReportFolder.Unwritable e) {
            stderr.println("commtck: ERROR " + e.getMessage());
            return ExitCodes.NOT_EVALUATED;
        }
        ReferenceServer embedded = settings.needsEmbedded() ? startEmbedded() : null;
        try {
            List<Prepared> prepared = new ArrayList<>();
            for (RunSettings.TargetSpec t : settings.targets()) {
                prepared.add(prepare(t, embedded));
            }
            boolean ready = true;
            for (Prepared p : prepared) {
                for (Endpoint node : p.cluster()) {
                    Optional<String> problem = Preflight.problemWith(node, p.settings().tolerances());
                    if (problem.isPresent()) {
                        stderr.println("commtck: ERROR " + problem.get());
                        ready = false;
                    }
                }
            }
            if (!ready) {
                return ExitCodes.NOT_EVALUATED;
            }
            List<Map<Pattern, String>> absent = new ArrayList<>();
            for (Prepared p : prepared) {
                absent.add(discover(p, settings, stderr));
            }
            if (absent.contains(null)) {
                return ExitCodes.NOT_EVALUATED;
            }
            List<TargetRun> runs = new ArrayList<>();
            List<RunResult> results = new ArrayList<>();
            for (int i = 0; i < prepared.size(); i++) {
                Prepared p = prepared.get(i);
                Map<Pattern, String> missing = absent.get(i);
                List<Pattern> found = settings.patterns().stream().filter(x -> !missing.containsKey(x)).toList();
                Path dir = folder.targetDir(p.name(), prepared.size() > 1);
                stdout.println(header(p, found, missing, prepared.size() > 1));
                stdout.flush();
                results.add(TckRunner.run(new RunRequest(p.uri(), found, p.spec().parameters(), settings.strict(), dir,
                        settings.repeat(), settings.allowFlaky(), waiverList, settings.only(), missing)));
                runs.add(new TargetRun(p.name(), RunContext.of(p.uri(), p.spec().embedded(), found, p.settings().tolerances(),
                        settings.strict(), p.settings().endpoint().tls().description(),
                        List.copyOf(p.settings().endpoint().headers().keySet())), null, dir));
            }
            results = Waivers.acrossTargets(results);
            for (int i = 0; i < runs.size(); i++) {
                TargetRun r = runs.get(i);
                runs.set(i, new TargetRun(r.label(), r.context(), results.get(i), r.dir()));
            }
            Redactor redactor = Redactor.union(prepared.stream().map(p -> p.settings().endpoint().redactor()).toList());
            folder.mask(redactor);
            Reports.write(folder.staging(), runs);
            folder.complete(redactor);
            stdout.println();
            stdout.print(redactor.redact(ConsoleSummary.render(runs)));
            stdout.printf("Report: %s (%s, summary.md, summary.json, junit-xml/ beside it)%n", out.resolve(Reports.INDEX),
                    Reports.ALLURE);
            return ExitCodes.combine(runs.stream().map(t -> t.result().exitCode()).toList());
        } finally {
            folder.discard();
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** One target, ready to test: where it is and the suites' settings for it. */
    private record Prepared(String name, URI uri, RunSettings.TargetSpec spec, TckSettings settings) {

        /** The target and its other nodes, each of which must answer before anything runs. */
        List<Endpoint> cluster() {
            List<Endpoint> all = new ArrayList<>(List.of(settings.endpoint()));
            all.addAll(settings.nodes());
            return all;
        }
    }

    private static Prepared prepare(RunSettings.TargetSpec t, ReferenceServer embedded) {
        URI uri = t.uri().orElseGet(() -> embedded.uri());
        Map<String, String> params = new LinkedHashMap<>(t.parameters());
        params.put(TckSettings.TARGET, uri.toString());
        return new Prepared(t.name(), uri, t, TckSettings.from(k -> Optional.ofNullable(params.get(k))));
    }

    /**
     * Which of the run's patterns the target does not expose. Null when the run should not go on: a pattern the user
     * named is not there, or none is; the lines that say so are printed.
     */
    private static Map<Pattern, String> discover(Prepared p, RunSettings settings, PrintWriter stderr) {
        Map<Pattern, String> absent = new LinkedHashMap<>();
        for (Pattern pattern : settings.patterns()) {
            Discovery.notFound(pattern, p.settings()).ifPresent(line -> absent.put(pattern, line));
        }
        if (settings.patternsChosen() && !absent.isEmpty() || absent.size() == settings.patterns().size()) {
            absent.values().forEach(line -> stderr.println("commtck: " + line));
            stderr.println("commtck: ERROR " + (settings.patternsChosen() && absent.size() < settings.patterns().size()
                    ? "a pattern named with --patterns is not exposed by " + p.uri() + "; set its paths, or leave it out"
                    : "found none of the patterns at " + p.uri() + "; check the base URL (its path prefix) and the paths"
                    + " (commtck init writes a config file with every path)"));
            return null;
        }
        return absent;
    }

    private static String header(Prepared p, List<Pattern> found, Map<Pattern, String> absent, boolean several) {
        StringBuilder sb = new StringBuilder("Testing ").append(several ? p.name() + ": " : "").append(p.uri());
        if (p.spec().embedded()) {
            sb.append(" (the embedded reference server").append(several ? ")" : "; give --target to test yours)");
        }
        if (!p.settings().nodes().isEmpty()) {
            sb.append(" and its other nodes ").append(String.join(", ",
                    p.settings().nodes().stream().map(n -> n.base().toString()).toList()));
        }
        if (p.settings().endpoint().tls().insecure()) {
            sb.append(" WITHOUT verifying its TLS certificate (--insecure)");
        }
        sb.append(": ").append(String.join(", ", found.stream().map(Pattern::id).toList()));
        if (!absent.isEmpty()) {
            sb.append(" (not found: ").append(String.join(", ", absent.keySet().stream().map(Pattern::id).toList()))
                    .append(")");
        }
        return sb.toString();
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
