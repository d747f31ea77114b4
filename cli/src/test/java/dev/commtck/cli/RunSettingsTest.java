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
import java.util.Optional;
import java.util.Set;
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
        RunSettings s = RunSettings.resolve(flags(file, List.of("http://flag-target:9090"), null,
                Map.of("paths.short-polling.poll", "/price"), null));
        assertEquals(Optional.of(URI.create("http://flag-target:9090")), s.targets().get(0).uri());
        assertEquals(List.of(Pattern.SHORT_POLLING), s.patterns());
        assertTrue(s.strict());
        Map<String, String> p = s.targets().get(0).parameters();
        assertEquals("/api/hello", p.get("commtck.paths.request-response.hello"));
        assertEquals("/price", p.get("commtck.paths.short-polling.poll"));
        assertEquals("2", p.get("commtck.tolerance.multiplier"));
    }

    @Test
    void noTargetMeansTheEmbeddedReferenceAndNoPatternsMeansEveryPattern() {
        RunSettings s = RunSettings.resolve(flags(null, null, null, null, null));
        assertTrue(s.needsEmbedded());
        assertTrue(!s.patternsChosen() && s.patterns().containsAll(List.of(Pattern.REQUEST_RESPONSE, Pattern.PUB_SUB)));
    }

    @Test
    void namedTargetsTakeTheirOwnSettingsOverTheCommonOnes() throws IOException {
        Path file = dir.resolve("two.properties");
        Files.writeString(file, """
                target = mine=http://localhost:8081/api, ref=reference
                repeat = 3
                paths.request-response.hello = /hello
                headers.X-Team = conformance
                targets.mine.paths.request-response.hello = /v1/hello
                targets.mine.headers.Authorization = Bearer abcdefgh
                """);
        RunSettings s = RunSettings.resolve(flags(file, null, null, null, null));
        assertEquals(List.of("mine", "ref"), s.targets().stream().map(RunSettings.TargetSpec::name).toList());
        assertEquals(3, s.repeat());
        assertTrue(s.targets().get(1).embedded());
        assertEquals("/v1/hello", s.targets().get(0).parameters().get("commtck.paths.request-response.hello"));
        assertEquals("/hello", s.targets().get(1).parameters().get("commtck.paths.request-response.hello"));
        assertEquals("X-Team: conformance\nAuthorization: Bearer abcdefgh", s.targets().get(0).parameters().get("commtck.headers"));
        assertEquals("X-Team: conformance", s.targets().get(1).parameters().get("commtck.headers"));
    }

    @Test
    void headersComeFromFlagsAndTheEnvironment() {
        RunSettings s = RunSettings.resolve(new RunSettings.Flags(null, List.of("http://h:1"), null, null, null, null,
                List.of("Authorization: Bearer ${PATH}", "X-Api-Key: k-123"), List.of("X-Api-Key"), null, null, null, null,
                null, null, null));
        Map<String, String> p = s.targets().get(0).parameters();
        assertEquals("Authorization: Bearer ${PATH}\nX-Api-Key: k-123", p.get("commtck.headers"));
        assertEquals("X-Api-Key", p.get("commtck.secret-headers"));
        assertEquals("header 'Authorization' uses ${COMMTCK_SURELY_UNSET}, which is not set in the environment",
                assertThrows(IllegalArgumentException.class, () -> RunSettings.resolve(new RunSettings.Flags(null, null, null, null,
                        null, null, List.of("Authorization: Bearer ${COMMTCK_SURELY_UNSET}"), null, null, null, null, null,
                        null, null, null))).getMessage());
    }

    @Test
    void aRunLimitedToRequirementsRunsTheirPatterns() {
        RunSettings s = RunSettings.resolve(new RunSettings.Flags(null, null, null, null, List.of("SP-ETAG-1"), null, null, null,
                null, null, null, null, null, null, null));
        assertEquals(List.of(Pattern.SHORT_POLLING), s.patterns());
        assertEquals(Set.of("SP-ETAG-1"), s.only());
    }

    @Test
    void misspeltKeysAreNamedWithTheNearestKnownKey() {
        assertEquals("unknown setting 'paths.request-response.helo' (did you mean paths.request-response.hello?)",
                invalid(Map.of("paths.request-response.helo", "/api/hello")));
        assertEquals("unknown setting 'paths.request-respons.hello' (did you mean paths.request-response.hello?)",
                invalid(Map.of("paths.request-respons.hello", "/api/hello")));
        assertEquals("unknown setting 'tolerance.fastt' (did you mean tolerance.fast?)", invalid(Map.of("tolerance.fastt", "5")));
        assertEquals("unknown setting 'capability.message-queue.fifoo' (did you mean capability.message-queue.fifo?)",
                invalid(Map.of("capability.message-queue.fifoo", "true")));
        assertEquals("unknown setting 'stritc' (did you mean strict?)", invalid(Map.of("stritc", "true")));
        assertTrue(invalid(Map.of("zzz", "1")).startsWith("unknown setting 'zzz' (the settings are listed"));
    }

    @Test
    void valuesOfTheWrongKindAreNamed() {
        assertEquals("setting tolerance.multiplier = 'abc' is not a positive number", invalid(Map.of("tolerance.multiplier", "abc")));
        assertEquals("setting tolerance.wake = '-5' is not a whole number", invalid(Map.of("tolerance.wake", "-5")));
        assertEquals("setting capability.sse.heartbeat-parameter = 'yes' is not true or false",
                invalid(Map.of("capability.sse.heartbeat-parameter", "yes")));
        assertEquals("setting paths.sse.events = 'events' is not a path starting with /", invalid(Map.of("paths.sse.events", "events")));
    }

    @Test
    void requirementsOutsideTheRunAreRefusedBeforeItStarts() {
        assertEquals("requirement SP-ETAG-1 is a short-polling requirement, and the run checks request-response (add"
                + " short-polling to --patterns)", assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(
                new RunSettings.Flags(null, null, null, List.of("request-response"), List.of("SP-ETAG-1"), null, null, null, null,
                        null, null, null, null, null, null))).getMessage());
        assertTrue(assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(new RunSettings.Flags(null, null, null, null,
                List.of("LP-LIMIT-1"), null, null, null, null, null, null, null, null, null, null))).getMessage()
                .startsWith("requirement LP-LIMIT-1 has no test, as it cannot be checked from outside: "));
    }

    @Test
    void nodesComeFromTheFlagTheFileAndPerTarget() throws IOException {
        RunSettings s = RunSettings.resolve(new RunSettings.Flags(null, List.of("http://a:1"), List.of("http://b:1",
                "http://c:1/"), null, null, null, null, null, null, null, null, null, null, null, null));
        assertEquals("http://b:1,http://c:1/", s.targets().get(0).parameters().get("commtck.nodes"));
        Path file = dir.resolve("cluster.properties");
        Files.writeString(file, """
                target = mine=http://a:1, ref=reference
                targets.mine.nodes = http://b:1, http://c:1
                """);
        RunSettings perTarget = RunSettings.resolve(flags(file, null, null, null, null));
        assertEquals("http://b:1, http://c:1", perTarget.targets().get(0).parameters().get("commtck.nodes"));
        assertEquals(null, perTarget.targets().get(1).parameters().get("commtck.nodes"));
        assertEquals("node: target 'b:1' is not an http:// or https:// URL with a host", assertThrows(
                IllegalArgumentException.class, () -> RunSettings.resolve(new RunSettings.Flags(null, List.of("http://a:1"),
                        List.of("b:1"), null, null, null, null, null, null, null, null, null, null, null, null))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunSettings.resolve(new RunSettings.Flags(null,
                List.of("http://a:1"), List.of("http://a:1"), null, null, null, null, null, null, null, null, null, null, null,
                null))).getMessage().startsWith("node http://a:1 is given twice (or is the target itself)"));
    }

    @Test
    void otherMistakesAreNamed() {
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(flags(null, null, List.of("nope"), null, null)));
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(flags(null, List.of("localhost:8080"), null, null, null)));
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(flags(dir.resolve("missing.properties"), null, null, null, null)));
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(flags(null, null, null, null, 0)));
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(flags(null, null, null,
                Map.of("targets.nobody.tolerance.fast", "5"), null)));
        assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(flags(null, List.of("a=http://h:1", "a=http://h:2"),
                null, null, null)));
    }

    private static String invalid(Map<String, String> params) {
        return assertThrows(RunSettings.Invalid.class, () -> RunSettings.resolve(flags(null, null, null, params, null)))
                .getMessage();
    }

    private static RunSettings.Flags flags(Path config, List<String> targets, List<String> patterns, Map<String, String> params,
                                           Integer repeat) {
        return new RunSettings.Flags(config, targets, null, patterns, null, params, null, null, null, null, null, null, repeat,
                null, null);
    }
}
