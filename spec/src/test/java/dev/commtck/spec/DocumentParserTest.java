package dev.commtck.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentParserTest {

    @Test
    void readsARequirementWithItsFacts() {
        List<Requirement> rs = DocumentParser.parse(Pattern.REQUEST_RESPONSE, """
                # Title
                Prose.

                ### RR-X-1
                **SHOULD** First line
                continues here.

                - Source: RFC 1
                - Check: look here,
                  and here.
                - Applies when: an ETag is offered.

                ## Next section
                """);
        assertEquals(1, rs.size());
        Requirement r = rs.get(0);
        assertEquals("RR-X-1", r.id());
        assertEquals(Level.SHOULD, r.level());
        assertEquals("First line continues here.", r.statement());
        assertEquals("RFC 1", r.source());
        assertEquals("look here, and here.", r.check());
        assertEquals("an ETag is offered.", r.appliesWhen());
        assertTrue(r.testable());
        assertEquals("request-response.md#rr-x-1", r.anchor());
    }

    @Test
    void rejectsAnIdOfAnotherPattern() {
        assertThrows(SpecFormatException.class, () -> DocumentParser.parse(Pattern.REQUEST_RESPONSE, """
                ### SP-X-1
                **MUST** Something.

                - Source: x
                """));
    }

    @Test
    void rejectsARequirementWithoutLevelOrSource() {
        assertThrows(SpecFormatException.class, () -> DocumentParser.parse(Pattern.REQUEST_RESPONSE, """
                ### RR-X-1
                Something.

                - Source: x
                """));
        assertThrows(SpecFormatException.class, () -> DocumentParser.parse(Pattern.REQUEST_RESPONSE, """
                ### RR-X-1
                **MUST** Something.
                """));
    }

    @Test
    void specVersionIsTheFirstChangelogVersion() {
        assertEquals("1.2.3", Catalogue.specVersionOf("# Changelog\n\n## 1.2.3\n\n- x\n\n## 1.0.0\n"));
    }
}
