package dev.commtck.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The settings the runner accepts are the ones the documents list, each once, with a kind its default fits. */
class SettingsTest {

    private final Catalogue catalogue = Catalogue.fromDirectory(Path.of(System.getProperty("commtck.spec.dir", ".")));

    @Test
    void everyDocumentedKeyIsListedOnce() {
        List<String> keys = catalogue.settings().stream().map(Setting::key).toList();
        assertEquals(keys.size(), Set.copyOf(keys).size(), "a setting documented twice: " + keys);
    }

    @Test
    void theDocumentsListTheSharedTolerancesAndEachPatternsSettings() {
        for (String key : List.of("tolerance.multiplier", "tolerance.fast", "tolerance.wake", "tolerance.quiet",
                "tolerance.response", "paths.request-response.hello", "paths.short-polling.poll", "paths.sse.trigger",
                "sse.history", "capability.sse.heartbeat-parameter", "tolerance.sse.watch", "paths.push.socket",
                "push.keepalive", "paths.long-polling.jobs", "long-polling.max-hold-ms", "capability.long-polling.prefer-wait",
                "paths.message-queue.send", "capability.message-queue.fifo", "message-queue.restart-command",
                "tolerance.message-queue.visibility", "paths.pub-sub.subscribe", "pub-sub.history")) {
            assertTrue(catalogue.setting(key).isPresent(), key + " is not in the documents' tables");
        }
    }

    @Test
    void kindsFollowKeysAndDefaults() {
        assertEquals(Setting.Kind.PATH, catalogue.setting("paths.request-response.hello").orElseThrow().kind());
        assertEquals(Setting.Kind.BOOLEAN, catalogue.setting("capability.message-queue.fifo").orElseThrow().kind());
        assertEquals(Setting.Kind.FACTOR, catalogue.setting("tolerance.multiplier").orElseThrow().kind());
        assertEquals(Setting.Kind.COUNT, catalogue.setting("long-polling.max-hold-ms").orElseThrow().kind());
        assertEquals(Setting.Kind.COUNT, catalogue.setting("pub-sub.slow-bytes").orElseThrow().kind());
        assertEquals(Setting.Kind.TEXT, catalogue.setting("message-queue.restart-command").orElseThrow().kind());
        for (Setting s : catalogue.settings()) {
            boolean statedDefault = !s.defaultValue().isEmpty() && s.defaultValue().chars().anyMatch(Character::isDigit)
                    && s.kind() == Setting.Kind.COUNT;
            assertTrue(!statedDefault || s.kind().accepts(s.defaultValue().replaceAll("[\\s,]|ms$", "")),
                    s.key() + "'s default " + s.defaultValue() + " is not " + s.kind().description());
        }
    }
}
