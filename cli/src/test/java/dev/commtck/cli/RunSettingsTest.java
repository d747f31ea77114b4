package dev.commtck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.spec.Pattern;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSettingsTest {

    @TempDir
    Path dir;

    @Test
    void flagsOverrideTheConfigFile() throws IOException {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, """
                target = http://file-target:8080/
                patterns = short-polling
                strict = true
                paths.request-response.hello = /api/hello
                commtck.tolerance.multiplier = 2
                """);
        RunSettings s = RunSettings.resolve(new RunSettings.Flags(file, List.of("http://flag-target:9090"), null, null,
                Map.of("paths.short-polling.poll", "/price"), null, null, null, null, null));
        assertEquals(List.of(URI.create("http://flag-target:9090")), s.targets());
        assertEquals(List.of(Pattern.SHORT_POLLING), s.patterns());
        assertTrue(s.strict());
        assertEquals("/api/hello", s.parameters().get("commtck.paths.request-response.hello"));
        assertEquals("/price", s.parameters().get("commtck.paths.short-polling.poll"));
        assertEquals("2", s.parameters().get("commtck.tolerance.multiplier"));
    }

    @Test
    void noPatternsMeansEveryCoveredPattern() {
        RunSettings s = RunSettings.resolve(flags(null, null, null, null, 3.0, null));
        assertTrue(s.targets().isEmpty());
        assertTrue(s.patterns().containsAll(List.of(Pattern.REQUEST_RESPONSE, Pattern.SHORT_POLLING)));
        assertEquals("3.0", s.parameters().get("commtck.tolerance.multiplier"));
    }

    @Test
    void severalTargetsMayComeFromTheFile() throws IOException {
        Path file = dir.resolve("two.properties");
        Files.writeString(file, "target = http://a:1, http://b:2\nrepeat = 3\nallow-flaky = true\n");
        RunSettings s = RunSettings.resolve(new RunSettings.Flags(file, null, null, null, null, null, null, null, null, null));
        assertEquals(List.of(URI.create("http://a:1"), URI.create("http://b:2")), s.targets());
        assertEquals(3, s.repeat());
        assertTrue(s.allowFlaky());
    }

    @Test
    void aRunLimitedToRequirementsRunsTheirPatterns() {
        RunSettings s = RunSettings.resolve(new RunSettings.Flags(null, null, null, List.of("SP-ETAG-1"), null, null, null,
                null, null, null));
        assertEquals(List.of(Pattern.SHORT_POLLING), s.patterns());
        assertEquals(java.util.Set.of("SP-ETAG-1"), s.only());
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(new RunSettings.Flags(null, null, null,
                List.of("SP-NOPE-1"), null, null, null, null, null, null)));
    }

    @Test
    void mistakesAreNamed() {
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(flags(null, null, List.of("nope"), null, null, null)));
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(flags(null, "localhost:8080", null, null, null, null)));
        assertThrows(RunSettings.Invalid.class,
                () -> RunSettings.resolve(flags(null, null, null, Map.of("patsh.request-response.hello", "/x"), null, null)));
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(flags(dir.resolve("missing.properties"), null, null, null, null, null)));
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(flags(null, null, null, null, null, 0)));
    }

    private static RunSettings.Flags flags(Path config, String target, List<String> patterns, Map<String, String> params,
                                           Double multiplier, Integer repeat) {
        return new RunSettings.Flags(config, target == null ? null : List.of(target), patterns, null, params, null, multiplier,
                repeat, null, null);
    }
}
