package dev.commtck.spec;

import java.util.Optional;

/**
 * A setting the spec documents: a resource's path, a tolerance, a capability declaration or another setting of a
 * pattern, as its document's Contract section (or, for the tolerances every pattern shares, the spec's README) lists
 * it in a table. The runner checks every key a user gives against these, and {@code commtck init} writes them out.
 *
 * @param key          as a config file writes it: {@code paths.sse.events}, {@code tolerance.wake}
 * @param pattern      the pattern whose document defines it; empty for the shared tolerances
 * @param defaultValue the default as the document states it ({@code /events}, {@code 500}, {@code detected})
 * @param meaning      the document's words for what it is (for a path: what the server does there)
 * @param kind         what values it takes
 */
public record Setting(String key, Optional<Pattern> pattern, String defaultValue, String meaning, Kind kind) {

    /** What values a setting takes, read from its key and its default. */
    public enum Kind {
        /** A path relative to the target's base, starting with {@code /}. */
        PATH("a path starting with /"),
        /** {@code true} or {@code false}. */
        BOOLEAN("true or false"),
        /** A positive number ({@code tolerance.multiplier}). */
        FACTOR("a positive number"),
        /** A whole number of milliseconds, bytes, messages… (zero or more). */
        COUNT("a whole number"),
        /** Free text (a shell command). */
        TEXT("text");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** What a value of this kind is, for a message: {@code a whole number}. */
        public String description() {
            return description;
        }

        /** Whether {@code value} is one of this kind. */
        public boolean accepts(String value) {
            String v = value.strip();
            return switch (this) {
                case PATH -> v.startsWith("/");
                case BOOLEAN -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
                case FACTOR -> v.matches("\\d+(\\.\\d+)?|\\.\\d+") && Double.parseDouble(v) > 0;
                case COUNT -> v.matches("\\d{1,18}");
                case TEXT -> true;
            };
        }
    }

    /** The kind a documented key takes: paths and capabilities by their prefix, the rest by their default. */
    static Kind kindOf(String key, String defaultValue) {
        if (key.startsWith("paths.")) {
            return Kind.PATH;
        }
        if (key.startsWith("capability.")) {
            return Kind.BOOLEAN;
        }
        if (key.equals("tolerance.multiplier")) {
            return Kind.FACTOR;
        }
        String digits = defaultValue.replaceAll("[\\s,]|ms$", "");
        return key.startsWith("tolerance.") || key.endsWith("-ms") || digits.matches("\\d+") ? Kind.COUNT : Kind.TEXT;
    }
}
