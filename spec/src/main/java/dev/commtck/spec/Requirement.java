package dev.commtck.spec;

import java.util.Objects;

/**
 * One numbered requirement of the spec.
 *
 * @param id          stable, never reused, never positional ({@code SSE-RESUME-1})
 * @param level       MUST, SHOULD or MAY
 * @param pattern     the pattern whose document states it
 * @param statement   the one normative sentence
 * @param source      where it comes from (the seed, an RFC section…)
 * @param check       what an implementer should look at when the requirement fails
 * @param appliesWhen for conditional requirements, the capability that makes them apply; empty otherwise
 * @param untestable  why it cannot be checked from outside; empty for testable requirements
 */
public record Requirement(String id, Level level, Pattern pattern, String statement, String source, String check,
                          String appliesWhen, String untestable) {

    public Requirement {
        Objects.requireNonNull(id);
        Objects.requireNonNull(level);
        Objects.requireNonNull(pattern);
        Objects.requireNonNull(statement);
        source = Objects.requireNonNullElse(source, "");
        check = Objects.requireNonNullElse(check, "");
        appliesWhen = Objects.requireNonNullElse(appliesWhen, "");
        untestable = Objects.requireNonNullElse(untestable, "");
    }

    public boolean testable() {
        return untestable.isEmpty();
    }

    /**
     * The requirement's place in its document, relative to the spec folder: {@code request-response.md#rr-ping-1}
     * (the heading anchor that GitHub and most Markdown renderers generate).
     */
    public String anchor() {
        return pattern.document() + "#" + id.toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code RR-PING-1 MUST: …}, the way reports name a requirement. */
    public String title() {
        return id + " " + level + ": " + statement;
    }
}
