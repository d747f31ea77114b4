package dev.commtck.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Reads the requirements out of one pattern document. A requirement is a level-3 heading that is exactly its ID,
 * a paragraph that opens with its level in bold, then a list of labelled facts:
 *
 * <pre>
 * ### RR-PING-1
 * **MUST** A `POST` to the hello resource whose body is `ping` is answered `pong`.
 *
 * - Source: the seed, `rr-server.js`.
 * - Check: the body is written once, without a trailing newline.
 * </pre>
 *
 * Labels: {@code Source} (required), {@code Check}, {@code Applies when}, {@code Untestable}; {@code Tests} and
 * {@code Mutants} are generated from the code (they say where the requirement is checked, and what proves the check
 * can fail) and are not part of the catalogue. Anything else under the heading is prose for people and is ignored.
 */
final class DocumentParser {

    private static final java.util.regex.Pattern HEADING = java.util.regex.Pattern.compile("^###\\s+(\\S+)\\s*$");
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("^[A-Z]+(-[A-Z0-9]+)+-[0-9]+$");
    private static final java.util.regex.Pattern LEVEL = java.util.regex.Pattern.compile("^\\*\\*(MUST|SHOULD|MAY)\\*\\*\\s+(.+)$");
    private static final java.util.regex.Pattern FACT = java.util.regex.Pattern.compile("^- (Source|Check|Applies when|Untestable|Tests|Mutants):\\s*(.*)$");

    private DocumentParser() {
    }

    static List<Requirement> parse(Pattern pattern, String text) {
        List<Requirement> out = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        int i = 0;
        while (i < lines.length) {
            Matcher heading = HEADING.matcher(lines[i]);
            if (!heading.matches() || !ID.matcher(heading.group(1)).matches()) {
                i++;
                continue;
            }
            String id = heading.group(1);
            int end = i + 1;
            while (end < lines.length && !lines[end].startsWith("#")) {
                end++;
            }
            out.add(requirement(pattern, id, lines, i + 1, end));
            i = end;
        }
        return out;
    }

    private static Requirement requirement(Pattern pattern, String id, String[] lines, int from, int to) {
        String where = pattern.document() + " " + id;
        if (!id.startsWith(pattern.prefix() + "-")) {
            throw new SpecFormatException(where + ": IDs in this document start with " + pattern.prefix() + "-");
        }
        int i = from;
        while (i < to && lines[i].isBlank()) {
            i++;
        }
        Matcher level = i < to ? LEVEL.matcher(lines[i]) : null;
        if (level == null || !level.matches()) {
            throw new SpecFormatException(where + ": the paragraph under the heading must open with **MUST**, **SHOULD** or **MAY**");
        }
        StringBuilder statement = new StringBuilder(level.group(2).strip());
        for (i++; i < to && !lines[i].isBlank(); i++) {
            statement.append(' ').append(lines[i].strip());
        }
        Map<String, String> facts = new LinkedHashMap<>();
        String label = null;
        for (; i < to; i++) {
            String line = lines[i];
            Matcher fact = FACT.matcher(line);
            if (fact.matches()) {
                label = fact.group(1);
                if (facts.put(label, fact.group(2).strip()) != null) {
                    throw new SpecFormatException(where + ": '" + label + ":' appears twice");
                }
            } else if (label != null && line.startsWith("  ") && !line.isBlank()) {
                facts.merge(label, line.strip(), (a, b) -> a + " " + b); // continuation of a list item
            } else {
                label = null;
            }
        }
        if (!facts.containsKey("Source")) {
            throw new SpecFormatException(where + ": a requirement names its source ('- Source: …')");
        }
        return new Requirement(id, Level.valueOf(level.group(1)), pattern, statement.toString(), facts.get("Source"),
                facts.get("Check"), facts.get("Applies when"), facts.get("Untestable"));
    }
}
