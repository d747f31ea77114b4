package dev.commtck.cli;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Setting;
import dev.commtck.tck.TckSettings;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every key a config file, {@code -P} or {@code targets.<name>.} may set, and what values each takes: the runner's own
 * keys, the kit's connection keys (TLS, headers), and the settings the spec documents list (paths, tolerances,
 * capabilities, pattern settings — read from the documents, not written out a second time here). A key nobody knows
 * is refused with the nearest known key; a value of the wrong kind is refused with what was expected.
 */
final class KnownSettings {

    /** The runner's own keys; the rest are the suites'. */
    static final Map<String, Setting.Kind> RUNNER = Map.of("target", Setting.Kind.TEXT, "patterns", Setting.Kind.TEXT,
            "requirements", Setting.Kind.TEXT, "strict", Setting.Kind.BOOLEAN, "repeat", Setting.Kind.COUNT,
            "allow-flaky", Setting.Kind.BOOLEAN, "waivers", Setting.Kind.TEXT);

    /** How the kit reaches a target (and its other nodes): keys that may also be given per target. */
    static final Map<String, Setting.Kind> CONNECTION = Map.of(fileKey(TckSettings.CA_CERT), Setting.Kind.TEXT,
            fileKey(TckSettings.INSECURE), Setting.Kind.BOOLEAN, fileKey(TckSettings.SECRET_HEADERS), Setting.Kind.TEXT,
            fileKey(TckSettings.NODES), Setting.Kind.TEXT);

    /** A header for every request: {@code headers.Authorization = Bearer ${TOKEN}}. */
    static final String HEADER = "headers.";
    /** A setting for one named target: {@code targets.mine.paths.request-response.hello = /api/hello}. */
    static final String PER_TARGET = "targets.";

    private KnownSettings() {
    }

    /** Checks one key and its value, as given anywhere; {@code targetNames} are the names a per-target key may use. */
    static void check(String key, String value, List<String> targetNames) {
        if (key.startsWith(PER_TARGET)) {
            int dot = key.indexOf('.', PER_TARGET.length());
            String name = dot < 0 ? "" : key.substring(PER_TARGET.length(), dot);
            if (!targetNames.contains(name)) {
                throw new RunSettings.Invalid("setting '" + key + "' is for a target named '" + name + "', but "
                        + (targetNames.isEmpty() ? "no target has a name (give one as --target NAME=URL)"
                        : "the targets are " + String.join(", ", targetNames)));
            }
            checkSuiteKey(key.substring(dot + 1), value, PER_TARGET + name + ".");
            return;
        }
        Setting.Kind runner = RUNNER.get(key);
        if (runner != null) {
            checkValue(key, value, runner);
            return;
        }
        checkSuiteKey(key, value, "");
    }

    /** A key the suites read (a spec setting, a connection setting or a header); {@code prefix} is how it was given. */
    private static void checkSuiteKey(String key, String value, String prefix) {
        if (key.startsWith(HEADER)) {
            String name = key.substring(HEADER.length());
            TckSettings.checkHeaderName(name, name + ": " + value);
            return;
        }
        Setting.Kind kind = Optional.ofNullable(CONNECTION.get(key))
                .or(() -> Catalogue.bundled().setting(key).map(Setting::kind)).orElse(null);
        if (kind == null) {
            throw new RunSettings.Invalid("unknown setting '" + prefix + key + "'" + nearest(key, prefix.isEmpty())
                    .map(k -> " (did you mean " + prefix + k + "?)").orElse(" (the settings are listed in each pattern's"
                            + " spec document, under Contract; commtck init writes them all)"));
        }
        checkValue(prefix + key, value, kind);
    }

    private static void checkValue(String key, String value, Setting.Kind kind) {
        if (!kind.accepts(value)) {
            throw new RunSettings.Invalid("setting " + key + " = '" + value.strip() + "' is not " + kind.description());
        }
    }

    /** The known key closest to a misspelt one, if any is close enough to be what was meant. */
    static Optional<String> nearest(String key, boolean runnerKeysToo) {
        Stream<String> known = Stream.concat(Catalogue.bundled().settings().stream().map(Setting::key),
                CONNECTION.keySet().stream());
        if (runnerKeysToo) {
            known = Stream.concat(known, RUNNER.keySet().stream());
        }
        int allowed = Math.max(2, key.length() / 5);
        return known.map(k -> Map.entry(k, distance(key.toLowerCase(Locale.ROOT), k)))
                .filter(e -> e.getValue() <= allowed)
                .min(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue()).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }

    /** Levenshtein distance: insertions, deletions and substitutions, one each. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** A key as a config file writes it: without the suites' {@code commtck.} prefix. */
    static String fileKey(String key) {
        return key.startsWith(TckSettings.PREFIX) ? key.substring(TckSettings.PREFIX.length()) : key;
    }
}
