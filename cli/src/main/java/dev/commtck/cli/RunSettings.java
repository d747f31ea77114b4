package dev.commtck.cli;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.TckSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What {@code commtck run} is asked to do: the config file's settings, overridden by flags. The file is a Java
 * properties file whose keys are the TCK's configuration parameters without the {@code commtck.} prefix, plus the
 * runner's own ({@code target}, {@code patterns}, {@code strict}, {@code repeat}, {@code allow-flaky},
 * {@code waivers}):
 *
 * <pre>
 * target = http://localhost:8080
 * patterns = request-response,short-polling
 * paths.request-response.hello = /api/hello
 * tolerance.multiplier = 2
 * strict = false
 * </pre>
 *
 * @param targets    the servers to test (none: the embedded reference server)
 * @param patterns   the patterns whose suites run
 * @param parameters configuration parameters for the suites, keys with the {@code commtck.} prefix
 * @param strict     a SHOULD violation fails the run
 * @param repeat     how many times each test runs
 * @param allowFlaky FLAKY does not fail the run
 * @param waivers    the waiver file, if any
 * @param only       requirement IDs to limit the run to (empty: all)
 */
record RunSettings(List<URI> targets, List<Pattern> patterns, Map<String, String> parameters, boolean strict,
                   int repeat, boolean allowFlaky, Optional<Path> waivers, Set<String> only) {

    /** Thrown for settings that make the run impossible; the runner prints it in one line and exits 2. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /** The flags of {@code commtck run}; null where not given. */
    record Flags(Path config, List<String> targets, List<String> patterns, List<String> requirements,
                 Map<String, String> params, Boolean strict, Double multiplier, Integer repeat, Boolean allowFlaky,
                 Path waivers) {
    }

    static RunSettings resolve(Flags flags) {
        Map<String, String> file = flags.config() == null ? Map.of() : read(flags.config());
        Map<String, String> settings = new LinkedHashMap<>(file);
        if (flags.params() != null) {
            settings.putAll(flags.params());
        }
        put(settings, "target", flags.targets() == null || flags.targets().isEmpty() ? null : String.join(",", flags.targets()));
        put(settings, "patterns", flags.patterns() == null ? null : String.join(",", flags.patterns()));
        put(settings, "requirements", flags.requirements() == null ? null : String.join(",", flags.requirements()));
        put(settings, "strict", flags.strict());
        put(settings, "tolerance.multiplier", flags.multiplier());
        put(settings, "repeat", flags.repeat());
        put(settings, "allow-flaky", flags.allowFlaky());
        put(settings, "waivers", flags.waivers());

        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!RUNNER_KEYS.contains(e.getKey())) {
                if (!isSuiteSetting(e.getKey())) {
                    throw new Invalid("unknown setting '" + e.getKey() + "' (known: " + String.join(", ", RUNNER_KEYS)
                            + ", paths.*, tolerance.*, capability.*, <pattern>.*)");
                }
                params.put(TckSettings.PREFIX + e.getKey(), e.getValue().strip());
            }
        }
        Set<String> only = requirementsOf(settings.get("requirements"));
        List<Pattern> patterns = settings.containsKey("patterns") || only.isEmpty() ? patternsOf(settings.get("patterns"))
                : only.stream().map(id -> Catalogue.bundled().require(id).pattern()).distinct().sorted().toList();
        return new RunSettings(targetsOf(settings.get("target")), patterns, params,
                Boolean.parseBoolean(settings.get("strict")), repeatOf(settings.get("repeat")),
                Boolean.parseBoolean(settings.get("allow-flaky")),
                Optional.ofNullable(settings.get("waivers")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of),
                only);
    }

    private static final List<String> RUNNER_KEYS = List.of("target", "patterns", "requirements", "strict", "repeat",
            "allow-flaky", "waivers");

    /** Requirement IDs to limit a run to; each must exist (its pattern then runs even without --patterns). */
    private static Set<String> requirementsOf(String list) {
        Set<String> out = new java.util.LinkedHashSet<>();
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

    private static void put(Map<String, String> settings, String key, Object flag) {
        if (flag != null) {
            settings.put(key, flag.toString());
        }
    }

    /** Keys a config file may hold for the suites. */
    static boolean isSuiteSetting(String key) {
        return key.startsWith("paths.") || key.startsWith("tolerance.") || key.startsWith("capability.")
                || Arrays.stream(Pattern.values()).anyMatch(p -> key.startsWith(p.id() + "."));
    }

    private static Map<String, String> read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new Invalid("cannot read the config file " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> m.put(fileKey(k), p.getProperty(k)));
        return m;
    }

    /** A setting's key as a config file and {@code -P} write it: without the suites' {@code commtck.} prefix. */
    static String fileKey(String key) {
        return key.startsWith(TckSettings.PREFIX) ? key.substring(TckSettings.PREFIX.length()) : key;
    }

    static List<URI> targetsOf(String list) {
        List<URI> out = new ArrayList<>();
        if (list != null) {
            for (String t : list.split(",")) {
                if (!t.isBlank()) {
                    try {
                        out.add(TckSettings.parseTarget(t.strip()));
                    } catch (IllegalArgumentException e) {
                        throw new Invalid(e.getMessage());
                    }
                }
            }
        }
        return List.copyOf(out);
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
