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

/**
 * What {@code commtck run} is asked to do: the config file's settings, overridden by flags. The file is a Java
 * properties file whose keys are the TCK's configuration parameters without the {@code commtck.} prefix:
 *
 * <pre>
 * target = http://localhost:8080
 * patterns = request-response,short-polling
 * paths.request-response.hello = /api/hello
 * tolerance.multiplier = 2
 * strict = false
 * </pre>
 */
record RunSettings(Optional<URI> target, List<Pattern> patterns, Map<String, String> parameters, boolean strict) {

    /** Thrown for settings that make the run impossible; the runner prints it in one line and exits 2. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    static RunSettings resolve(Path configFile, String targetFlag, List<String> patternFlag, Map<String, String> paramFlags,
                               Boolean strictFlag, Double multiplierFlag) {
        Map<String, String> file = configFile == null ? Map.of() : read(configFile);
        Map<String, String> params = new LinkedHashMap<>();
        String target = targetFlag;
        String patterns = patternFlag == null ? null : String.join(",", patternFlag);
        String strict = strictFlag == null ? null : strictFlag.toString();
        for (Map.Entry<String, String> e : merged(file, paramFlags).entrySet()) {
            switch (e.getKey()) {
                case "target" -> target = target == null ? e.getValue() : target;
                case "patterns" -> patterns = patterns == null ? e.getValue() : patterns;
                case "strict" -> strict = strict == null ? e.getValue() : strict;
                default -> {
                    if (!isSetting(e.getKey())) {
                        throw new Invalid("unknown setting '" + e.getKey()
                                + "' (known: target, patterns, strict, paths.*, tolerance.*, capability.*, <pattern>.*)");
                    }
                    params.put(TckSettings.PREFIX + e.getKey(), e.getValue().strip());
                }
            }
        }
        if (multiplierFlag != null) {
            params.put(TckSettings.TOLERANCE + "multiplier", multiplierFlag.toString());
        }
        Optional<URI> uri;
        try {
            uri = Optional.ofNullable(target).map(String::strip).filter(t -> !t.isEmpty()).map(TckSettings::parseTarget);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
        return new RunSettings(uri, patternsOf(patterns), params, Boolean.parseBoolean(strict));
    }

    /** Keys a config file may hold besides target, patterns and strict. */
    static boolean isSetting(String key) {
        return key.startsWith("paths.") || key.startsWith("tolerance.") || key.startsWith("capability.")
                || Arrays.stream(Pattern.values()).anyMatch(p -> key.startsWith(p.id() + "."));
    }

    private static Map<String, String> merged(Map<String, String> file, Map<String, String> flags) {
        Map<String, String> m = new LinkedHashMap<>(file);
        if (flags != null) {
            m.putAll(flags);
        }
        return m;
    }

    private static Map<String, String> read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new Invalid("cannot read the config file " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> m.put(k.startsWith(TckSettings.PREFIX)
                ? k.substring(TckSettings.PREFIX.length()) : k, p.getProperty(k)));
        return m;
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
