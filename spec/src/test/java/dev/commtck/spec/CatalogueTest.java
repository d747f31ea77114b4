package dev.commtck.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalogue is data, and its stability is tested (the graphql-http audits habit). */
class CatalogueTest {

    private static final Path SPEC_DIR = Path.of(System.getProperty("commtck.spec.dir", "."));
    private static final String UPDATE = "commtck.spec.update";

    private final Catalogue fromDocuments = Catalogue.fromDirectory(SPEC_DIR);

    @Test
    void snapshotIsIdenticalToTheDocuments() throws IOException {
        Path snapshot = SPEC_DIR.resolve("catalogue.json");
        String expected = CatalogueJson.render(fromDocuments);
        if (Boolean.getBoolean(UPDATE)) {
            List<String> unrecorded = changedWithoutAChangelogLine(snapshot);
            assertTrue(unrecorded.isEmpty(), "requirements changed or removed since the snapshot, with no line in the "
                    + "current section of spec/CHANGELOG.md: " + unrecorded + ". A requirement's meaning is stable: "
                    + "record the change (or give the new meaning a new ID and retire the old one) before updating.");
            Files.writeString(snapshot, expected);
        }
        assertEquals(expected, Files.exists(snapshot) ? Files.readString(snapshot) : "",
                "spec/catalogue.json differs from the spec documents. If the change to a requirement is deliberate, "
                        + "record it in spec/CHANGELOG.md and regenerate the snapshot with "
                        + "./mvnw -pl spec test -D" + UPDATE + "=true");
    }

    /** IDs whose level or statement differ from the snapshot, or that left it, and that the current version's changelog does not name. */
    private List<String> changedWithoutAChangelogLine(Path snapshot) throws IOException {
        if (!Files.exists(snapshot)) {
            return List.of();
        }
        String changelog = Files.readString(SPEC_DIR.resolve("CHANGELOG.md"));
        int from = changelog.indexOf("\n## ");
        int to = changelog.indexOf("\n## ", from + 1);
        String current = changelog.substring(Math.max(0, from), to < 0 ? changelog.length() : to);
        List<String> unrecorded = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode old : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(snapshot.toFile()).path("requirements")) {
            String id = old.path("id").asText();
            boolean same = fromDocuments.find(id).map(r -> r.level().name().equals(old.path("level").asText())
                    && r.statement().equals(old.path("statement").asText())).orElse(false);
            if (!same && !current.matches("(?s).*\\b" + id + "\\b.*")) {
                unrecorded.add(id);
            }
        }
        return unrecorded;
    }

    @Test
    void everyRequirementIsInTheChangelog() throws IOException {
        String changelog = Files.readString(SPEC_DIR.resolve("CHANGELOG.md"));
        List<String> missing = fromDocuments.all().stream().map(Requirement::id)
                .filter(id -> !changelog.matches("(?s).*\\b" + id + "\\b.*")).toList();
        assertTrue(missing.isEmpty(), "requirements without a changelog line in spec/CHANGELOG.md: " + missing);
    }

    @Test
    void theJarCarriesTheSameCatalogue() {
        assertEquals(CatalogueJson.render(fromDocuments), CatalogueJson.render(Catalogue.bundled()));
    }

    @Test
    void everyDocumentedPatternHasRequirementsOfEachKindItNeeds() {
        assertFalse(fromDocuments.patterns().isEmpty());
        for (Pattern p : fromDocuments.patterns()) {
            assertTrue(fromDocuments.of(p).stream().anyMatch(r -> r.level() == Level.MUST), p + " states no MUST");
        }
    }

    @Test
    void statementsAreSentences() {
        for (Requirement r : fromDocuments.all()) {
            assertTrue(r.statement().endsWith("."), r.id() + ": the statement ends with a full stop");
            assertFalse(r.statement().contains("**"), r.id() + ": the statement has stray bold markers");
        }
    }
}
