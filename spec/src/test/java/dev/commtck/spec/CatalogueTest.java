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
            Files.writeString(snapshot, expected);
        }
        assertEquals(expected, Files.exists(snapshot) ? Files.readString(snapshot) : "",
                "spec/catalogue.json differs from the spec documents. If the change to a requirement is deliberate, "
                        + "record it in spec/CHANGELOG.md and regenerate the snapshot with "
                        + "./mvnw -pl spec test -D" + UPDATE + "=true");
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
