package dev.commtck.cli;

import dev.commtck.reports.RunContext;
import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import dev.commtck.spec.Setting;
import dev.commtck.tck.TckSettings;
import dev.commtck.tck.runner.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code commtck init}: writes a commented config file for the patterns a user names, with every setting the spec
 * documents for them (its default, and what it means) and, above each pattern, what a server must expose: the first
 * step of testing one's own server.
 */
@Command(name = "init", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = {"Writes a commented config file: what a server must expose for each pattern, and every setting "
                + "with its default and meaning.", "", "Edit the paths, then run: commtck run --config FILE"},
        footerHeading = "%nExamples:%n",
        footer = {"  commtck init --patterns request-response,sse \\",
                "      --target http://localhost:8080/api --file commtck.properties",
                "  commtck init > commtck.properties         # every pattern, to stdout"})
final class InitCommand implements Callable<Integer> {

    /** Where a comment's text wraps. */
    private static final int WIDTH = 116;

    @Option(names = "--patterns", paramLabel = "ID", split = ",",
            description = "The patterns your server implements (default: all): request-response, short-polling, "
                    + "long-polling, push, sse, message-queue, pub-sub.")
    List<String> patterns;

    @Option(names = "--target", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "Your server's base URL, path prefix included (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--file", paramLabel = "FILE", description = "Write to FILE (refused if it exists) instead of stdout.")
    Path file;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<Pattern> chosen;
        try {
            chosen = RunSettings.patternsOf(patterns == null ? null : String.join(",", patterns));
            TckSettings.parseTarget(target);
        } catch (RunSettings.Invalid | IllegalArgumentException e) {
            spec.commandLine().getErr().println("commtck: ERROR " + e.getMessage());
            return ExitCodes.NOT_EVALUATED;
        }
        String text = render(chosen, target);
        if (file == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
            return 0;
        }
        if (Files.exists(file)) {
            spec.commandLine().getErr().println("commtck: ERROR " + file + " exists; give another --file, or remove it first");
            return ExitCodes.NOT_EVALUATED;
        }
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            spec.commandLine().getErr().println("commtck: ERROR cannot write " + file + ": " + e.getMessage());
            return ExitCodes.NOT_EVALUATED;
        }
        spec.commandLine().getErr().println("commtck: wrote " + file + "; edit its paths, then: commtck run --config " + file);
        return 0;
    }

    /** The config file: runner settings, connection settings, shared tolerances, then each pattern's section. */
    static String render(List<Pattern> patterns, String target) {
        StringBuilder sb = new StringBuilder();
        comment(sb, "CommTCK settings, written by commtck init (CommTCK " + RunContext.kitVersion() + ", spec "
                + Catalogue.bundled().specVersion() + ").");
        comment(sb, "Run: commtck run --config <this file>");
        comment(sb, "A line starting with # is a default or an example: remove the # to set it. Paths are relative to the"
                + " target, whose path prefix (such as /api) they inherit.");
        sb.append('\n').append("target = ").append(target).append('\n');
        sb.append("patterns = ").append(String.join(",", patterns.stream().map(Pattern::id).toList())).append("\n\n");

        comment(sb, "Credentials and TLS. A value may use ${VAR}, read from the environment, so that secrets stay out"
                + " of this file; the values of Authorization, Cookie, Proxy-Authorization and of the headers named in"
                + " secret-headers never reach the report.");
        sb.append("# headers.Authorization = Bearer ${API_TOKEN}\n# secret-headers = X-Api-Key\n");
        sb.append("# tls.ca-cert = ca.pem\n# tls.insecure = false\n\n");

        comment(sb, "Other nodes of the same service (replicas behind one load balancer), reached like the target: every"
                + " check still runs against the target, and the cluster checks span the nodes.");
        sb.append("# nodes = http://localhost:8081, http://localhost:8082\n\n");

        comment(sb, "Timing, for every pattern (milliseconds; the multiplier scales all of them, for slow machines).");
        for (Setting s : Catalogue.bundled().settings()) {
            if (s.pattern().isEmpty()) {
                setting(sb, s, false);
            }
        }
        for (Pattern p : patterns) {
            sb.append('\n').append("# ").append("=".repeat(WIDTH - 2)).append('\n');
            comment(sb, p.title() + " (" + p.id() + "). What your server exposes, as spec/" + p.document() + " says under"
                    + " Contract (commtck spec " + p.id() + " prints it):");
            for (Setting s : Catalogue.bundled().settings()) {
                if (s.pattern().equals(Optional.of(p)) && s.kind() == Setting.Kind.PATH) {
                    comment(sb, s.defaultValue() + "  " + s.meaning(), "#   ", "#       ");
                }
            }
            sb.append('\n');
            for (Setting s : Catalogue.bundled().settings()) {
                if (s.pattern().equals(Optional.of(p))) {
                    setting(sb, s, s.kind() == Setting.Kind.PATH);
                }
            }
        }
        return sb.toString();
    }

    /** One setting: its meaning as a comment, then the key with its default, commented out unless {@code active}. */
    private static void setting(StringBuilder sb, Setting s, boolean active) {
        if (s.kind() != Setting.Kind.PATH) {
            comment(sb, s.meaning());
        }
        Optional<String> value = valueOf(s);
        sb.append(active ? "" : "# ").append(s.key()).append(" = ").append(value.orElse(""))
                .append(value.isEmpty() && !s.defaultValue().isEmpty() && !s.defaultValue().equals(s.meaning())
                        ? "  # default: " + s.defaultValue() : "").append('\n');
    }

    /** The documented default as a value the key takes ({@code 1 000 ms} is {@code 1000}); empty for "detected", "none"… */
    private static Optional<String> valueOf(Setting s) {
        String v = s.defaultValue().strip();
        if (s.kind() != Setting.Kind.PATH && s.kind() != Setting.Kind.TEXT) {
            v = v.replace(",", "").replace(" ", "").replaceFirst("ms$", "");
        }
        return v.isEmpty() || List.of("none", "not set", "detected").contains(v) || !s.kind().accepts(v)
                ? Optional.empty() : Optional.of(v);
    }

    private static void comment(StringBuilder sb, String text) {
        comment(sb, text, "# ", "# ");
    }

    /** Text as comment lines, wrapped at word boundaries: the first line starts with {@code first}, the others {@code next}. */
    private static void comment(StringBuilder sb, String text, String first, String next) {
        StringBuilder line = new StringBuilder(first);
        for (String word : text.strip().split(" +")) {
            if (line.length() + word.length() > WIDTH && line.length() > next.length()) {
                sb.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(next);
            }
            line.append(word).append(' ');
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
