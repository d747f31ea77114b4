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
        RunSettings s = RunSettings.resolve(file, "http://flag-target:9090", null,
                Map.of("paths.short-polling.poll", "/price"), null, null);
        assertEquals(URI.create("http://flag-target:9090"), s.target().orElseThrow());
        assertEquals(List.of(Pattern.SHORT_POLLING), s.patterns());
        assertTrue(s.strict());
        assertEquals("/api/hello", s.parameters().get("commtck.paths.request-response.hello"));
        assertEquals("/price", s.parameters().get("commtck.paths.short-polling.poll"));
        assertEquals("2", s.parameters().get("commtck.tolerance.multiplier"));
    }

    @Test
    void noPatternsMeansEveryCoveredPattern() {
        RunSettings s = RunSettings.resolve(null, null, null, null, null, 3.0);
        assertTrue(s.target().isEmpty());
        assertTrue(s.patterns().containsAll(List.of(Pattern.REQUEST_RESPONSE, Pattern.SHORT_POLLING)));
        assertEquals("3.0", s.parameters().get("commtck.tolerance.multiplier"));
    }

    @Test
    void mistakesAreNamed() {
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(null, null, List.of("nope"), null, null, null));
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(null, "localhost:8080", null, null, null, null));
        assertThrows(RunSettings.Invalid.class,
                () -> RunSettings.resolve(null, null, null, Map.of("patsh.request-response.hello", "/x"), null, null));
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(dir.resolve("missing.properties"), null, null, null, null, null));
    }
}
