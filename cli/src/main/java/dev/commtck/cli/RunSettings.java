package dev.commtck.cli;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import dev.commtck.spec.Requirement;
import dev.commtck.tck.TckSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * What {@code commtck run} is asked to do: the config file's settings, overridden by {@code -P}, overridden by flags,
 * every key and value checked ({@link KnownSettings}). The file is a Java properties file whose keys are the suites'
 * settings without the {@code commtck.} prefix, the runner's own ({@code target}, {@code patterns}, {@code strict},
 * {@code repeat}, {@code allow-flaky}, {@code waivers}), headers ({@code headers.NAME}), the other nodes of a target
 * ({@code nodes}, for the cluster checks) and settings for one named target ({@code targets.NAME.KEY}):
 *
 * <pre>
 * target = mine=https://staging.example/api, ref=reference
 * targets.mine.nodes = https://staging-2.example/api, https://staging-3.example/api
 * patterns = request-response,short-polling
 * headers.Authorization = Bearer ${STAGING_TOKEN}
 * targets.mine.paths.request-response.hello = /v1/hello
 * tolerance.multiplier = 2
 * </pre>
 *
 * @param targets        the servers to test, each with its own suite parameters
 * @param patterns       the patterns whose suites run
 * @param patternsChosen the user named the patterns (one that is not found is then an error, not a note)
 * @param strict         a SHOULD violation fails the run
 * @param repeat         how many times each test runs
 * @param allowFlaky     FLAKY does not fail the run
 * @param waivers        the waiver file, if any
 * @param only           requirement IDs to limit the run to (empty: all)
 */
record RunSettings(List<TargetSpec> targets, List<Pattern> patterns, boolean patternsChosen, boolean strict, int repeat,
                   boolean allowFlaky, Optional<Path> waivers, Set<String> only) {

    /** The word for the reference server as a target: {@code --target reference}, or {@code --target ref=reference}. */
    static final String REFERENCE = "reference";
    private static final java.util.regex.Pattern NAMED = java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9_-]*)=(.*)");

    /** Thrown for settings that make the run impossible; the runner prints it in one line and exits 2. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /**
     * One server to test.
     *
     * @param name       its name in matrices and folders: the one given ({@code mine=…}), else A, B, C…
     * @param uri        its base URL; empty for the reference server the runner starts itself
     * @param parameters the suites' configuration parameters for it, keys with the {@code commtck.} prefix
     */
    record TargetSpec(String name, Optional<URI> uri, Map<String, String> parameters) {

        boolean embedded() {
            return uri.isEmpty();
        }
    }

    /** The flags of {@code commtck run}; null where not given. */
    record Flags(Path config, List<String> targets, List<String> nodes, List<String> patterns, List<String> requirements,
                 Map<String, String> params, List<String> headers, List<String> secretHeaders, Path caCert,
                 Boolean insecure, Boolean strict, Double multiplier, Integer repeat, Boolean allowFlaky, Path waivers) {
    }

    static RunSettings resolve(Flags flags) {
        Map<String, String> settings = new LinkedHashMap<>(flags.config() == null ? Map.of() : read(flags.config()));
        if (flags.params() != null) {
            settings.putAll(flags.params());
        }
        put(settings, "target", flags.targets() == null || flags.targets().isEmpty() ? null : String.join(",", flags.targets()));
        put(settings, KnownSettings.fileKey(TckSettings.NODES), flags.nodes() == null || flags.nodes().isEmpty() ? null
                : String.join(",", flags.nodes()));
        put(settings, "patterns", flags.patterns() == null ? null : String.join(",", flags.patterns()));
        put(settings, "requirements", flags.requirements() == null ? null : String.join(",", flags.requirements()));
        put(settings, "strict", flags.strict());
        put(settings, "tolerance.multiplier", flags.multiplier());
        put(settings, "repeat", flags.repeat());
        put(settings, "allow-flaky", flags.allowFlaky());
        put(settings, "waivers", flags.waivers());
        put(settings, KnownSettings.fileKey(TckSettings.CA_CERT), flags.caCert());
        put(settings, KnownSettings.fileKey(TckSettings.INSECURE), flags.insecure());
        if (flags.secretHeaders() != null && !flags.secretHeaders().isEmpty()) {
            settings.merge(KnownSettings.fileKey(TckSettings.SECRET_HEADERS), String.join(",", flags.secretHeaders()),
                    (a, b) -> a + "," + b);
        }
        for (String line : flags.headers() == null ? List.<String>of() : flags.headers()) {
            int colon = line.indexOf(':');
            TckSettings.checkHeaderName(colon < 0 ? "" : line.substring(0, colon).strip(), line);
            settings.put(KnownSettings.HEADER + line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }

        List<Named> named = targetsOf(settings.get("target"));
        List<String> names = named.stream().filter(Named::explicit).map(Named::name).toList();
        settings.forEach((k, v) -> KnownSettings.check(k, v, names));

        Set<String> only = requirementsOf(settings.get("requirements"));
        boolean chosen = settings.containsKey("patterns") && !settings.get("patterns").isBlank();
        List<Pattern> patterns = chosen || only.isEmpty() ? patternsOf(settings.get("patterns"))
                : only.stream().map(id -> Catalogue.bundled().require(id).pattern()).distinct().sorted().toList();
        checkRequirementsAreRun(only, patterns);

        List<TargetSpec> targets = new ArrayList<>();
        for (Named t : named.isEmpty() ? List.of(new Named("A", false, Optional.empty())) : named) {
            TargetSpec spec = new TargetSpec(t.name(), t.uri(), suiteParameters(settings, t.name()));
            // TLS files, ${VAR}s in headers and nodes are read now, so that a mistake ends the run before anything starts
            java.util.function.Function<String, Optional<String>> parameters = k -> Optional.ofNullable(spec.parameters().get(k));
            TckSettings.nodes(TckSettings.endpoint(t.uri().orElse(URI.create("http://127.0.0.1")), parameters,
                    System::getenv), parameters);
            targets.add(spec);
        }
        return new RunSettings(List.copyOf(targets), patterns, chosen, Boolean.parseBoolean(settings.get("strict")),
                repeatOf(settings.get("repeat")), Boolean.parseBoolean(settings.get("allow-flaky")),
                Optional.ofNullable(settings.get("waivers")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of),
                only);
    }

    /** Whether the runner starts the reference server itself: no target given, or {@code reference} among them. */
    boolean needsEmbedded() {
        return targets.stream().anyMatch(TargetSpec::embedded);
    }

    /**
     * The suites' parameters for one target: every setting that is not the runner's, then those given for that target
     * ({@code targets.NAME.…}) over them; headers become the one parameter the suites read.
     */
    private static Map<String, String> suiteParameters(Map<String, String> settings, String target) {
        Map<String, String> merged = new LinkedHashMap<>();
        String own = KnownSettings.PER_TARGET + target + ".";
        settings.forEach((k, v) -> {
            if (!KnownSettings.RUNNER.containsKey(k) && !k.startsWith(KnownSettings.PER_TARGET)) {
                merged.put(k, v);
            }
        });
        settings.forEach((k, v) -> {
            if (k.startsWith(own)) {
                merged.put(k.substring(own.length()), v);
            }
        });
        Map<String, String> params = new LinkedHashMap<>();
        List<String> headers = new ArrayList<>();
        merged.forEach((k, v) -> {
            if (k.startsWith(KnownSettings.HEADER)) {
                headers.add(k.substring(KnownSettings.HEADER.length()) + ": " + v.strip());
            } else {
                params.put(TckSettings.PREFIX + k, v.strip());
            }
        });
        if (!headers.isEmpty()) {
            params.put(TckSettings.HEADERS, String.join("\n", headers));
        }
        return Map.copyOf(params);
    }

    /** A target as given: {@code mine=https://host/api}, {@code https://host/api}, or {@code reference}. */
    private record Named(String name, boolean explicit, Optional<URI> uri) {
    }

    private static List<Named> targetsOf(String list) {
        List<Named> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (String t : list.split(",")) {
            String text = t.strip();
            if (text.isEmpty()) {
                continue;
            }
            Matcher m = NAMED.matcher(text);
            boolean explicit = m.matches();
            String name = explicit ? m.group(1) : String.valueOf((char) ('A' + out.size()));
            String where = explicit ? m.group(2).strip() : text;
            if (out.stream().anyMatch(o -> o.name().equals(name))) {
                throw new Invalid("two targets are named '" + name + "'");
            }
            try {
                out.add(new Named(name, explicit, where.equals(REFERENCE) ? Optional.empty()
                        : Optional.of(TckSettings.parseTarget(where))));
            } catch (IllegalArgumentException e) {
                throw new Invalid(e.getMessage() + " (give a base URL such as http://localhost:8080/api, NAME=URL, or "
                        + REFERENCE + ")");
            }
        }
        return out;
    }

    /** Requirement IDs to limit a run to; each must exist (its pattern then runs even without --patterns). */
    private static Set<String> requirementsOf(String list) {
        Set<String> out = new LinkedHashSet<>();
        if (list != null) {
            for (String id : list.split(",")) {
                String name = id.strip();
                if (!name.isEmpty()) {
                    if (Catalogue.bundled().find(name).isEmpty()) {
                        throw new Invalid("unknown requirement '" + name + "'");
                    }
                    out.add(name);
                }
            }
        }
        return Set.copyOf(out);
    }

    /** A requirement asked for must be one the run checks: of a selected pattern, and testable. */
    private static void checkRequirementsAreRun(Set<String> only, List<Pattern> patterns) {
        for (String id : only.stream().sorted().toList()) {
            Requirement r = Catalogue.bundled().require(id);
            if (!patterns.contains(r.pattern())) {
                throw new Invalid("requirement " + id + " is a " + r.pattern().id() + " requirement, and the run checks "
                        + String.join(", ", patterns.stream().map(Pattern::id).toList()) + " (add " + r.pattern().id()
                        + " to --patterns)");
            }
            if (!r.testable()) {
                throw new Invalid("requirement " + id + " has no test, as it cannot be checked from outside: "
                        + r.untestable());
            }
        }
    }

    private static void put(Map<String, String> settings, String key, Object flag) {
        if (flag != null) {
            settings.put(key, flag.toString());
        }
    }

    private static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Invalid("config file " + file + " does not exist");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new Invalid("cannot read the config file " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> m.put(KnownSettings.fileKey(k), p.getProperty(k)));
        return m;
    }

    private static int repeatOf(String text) {
        if (text == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid("repeat must be a whole number from 1 to 100, got '" + text + "'");
    }

    /** The patterns asked for, or every pattern this version of the kit covers. */
    static List<Pattern> patternsOf(String list) {
        List<Pattern> available = Catalogue.bundled().patterns();
        if (list == null || list.isBlank()) {
            return available;
        }
        List<Pattern> out = new ArrayList<>();
        for (String id : list.split(",")) {
            String name = id.strip();
            Pattern p = Pattern.byId(name).orElseThrow(() -> new Invalid("unknown pattern '" + name + "' (known: "
                    + String.join(", ", available.stream().map(Pattern::id).toList()) + ")"));
            if (!available.contains(p)) {
                throw new Invalid("pattern '" + name + "' is not covered by this version of CommTCK (covered: "
                        + String.join(", ", available.stream().map(Pattern::id).toList()) + ")");
            }
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }
}
