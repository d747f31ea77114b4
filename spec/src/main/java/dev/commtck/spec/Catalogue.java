package dev.commtck.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Every requirement of the spec, read from the pattern documents themselves, so that the documents stay the one
 * source of truth. {@code catalogue.json} is an export of this, checked in and kept identical by a test.
 */
public final class Catalogue {

    /** Where the documents live on the classpath (the spec jar) . */
    public static final String RESOURCE_DIR = "commtck/spec/";

    private static volatile Catalogue bundled;

    private final String specVersion;
    private final Map<String, Requirement> byId;
    private final List<Setting> settings;

    private Catalogue(String specVersion, List<Requirement> requirements, List<Setting> settings) {
        this.specVersion = specVersion;
        this.settings = List.copyOf(settings);
        Map<String, Requirement> map = new LinkedHashMap<>();
        for (Requirement r : requirements) {
            if (map.putIfAbsent(r.id(), r) != null) {
                throw new SpecFormatException("requirement ID " + r.id() + " is defined twice");
            }
        }
        this.byId = Collections.unmodifiableMap(map);
    }

    /** The catalogue shipped in the spec jar. */
    public static Catalogue bundled() {
        Catalogue c = bundled;
        if (c == null) {
            c = read(name -> {
                try (InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
                    return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            });
            bundled = c;
        }
        return c;
    }

    /** The catalogue of a spec folder on disk (the repository's {@code spec/}). */
    public static Catalogue fromDirectory(Path dir) {
        return read(name -> {
            Path file = dir.resolve(name);
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        });
    }

    private interface DocumentSource {
        Optional<String> text(String name) throws IOException;
    }

    private static Catalogue read(DocumentSource source) {
        try {
            String changelog = source.text("CHANGELOG.md")
                    .orElseThrow(() -> new SpecFormatException("spec CHANGELOG.md is missing"));
            List<Requirement> all = new ArrayList<>();
            List<Setting> settings = new ArrayList<>(source.text("README.md").map(SettingsParser::shared).orElse(List.of()));
            for (Pattern pattern : Pattern.values()) {
                Optional<String> doc = source.text(pattern.document());
                doc.ifPresent(text -> all.addAll(DocumentParser.parse(pattern, text)));
                // a document may restate a shared tolerance for its own readers; the shared entry stands
                doc.ifPresent(text -> SettingsParser.ofPattern(pattern, text).stream()
                        .filter(s -> settings.stream().noneMatch(known -> known.key().equals(s.key())))
                        .forEach(settings::add));
            }
            return new Catalogue(specVersionOf(changelog), all, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec version is the first {@code ## x.y.z} heading of the changelog. */
    static String specVersionOf(String changelog) {
        Matcher m = java.util.regex.Pattern.compile("(?m)^## (\\d+\\.\\d+\\.\\d+)").matcher(changelog);
        if (!m.find()) {
            throw new SpecFormatException("CHANGELOG.md has no '## x.y.z' version heading");
        }
        return m.group(1);
    }

    public String specVersion() {
        return specVersion;
    }

    public List<Requirement> all() {
        return List.copyOf(byId.values());
    }

    public List<Requirement> of(Pattern pattern) {
        return byId.values().stream().filter(r -> r.pattern() == pattern).toList();
    }

    /** Patterns whose document exists and states at least one requirement. */
    public List<Pattern> patterns() {
        return byId.values().stream().map(Requirement::pattern).distinct().sorted().toList();
    }

    /** Every setting the documents list, the shared tolerances first, then each pattern's in document order. */
    public List<Setting> settings() {
        return settings;
    }

    public Optional<Setting> setting(String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    public Optional<Requirement> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Requirement require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no requirement " + id + " in spec " + specVersion));
    }
}
