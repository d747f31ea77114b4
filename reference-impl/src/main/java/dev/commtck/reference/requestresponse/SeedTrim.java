package dev.commtck.reference.requestresponse;

/**
 * ECMAScript's {@code String.prototype.trim}, which the seed uses: it removes WhiteSpace and LineTerminator code
 * points. Java's {@code String.strip} differs at the edges (it keeps NO-BREAK SPACE and U+FEFF, and removes the
 * information separators U+001C..U+001F), so the reference server spells the seed's set out.
 */
final class SeedTrim {

    private SeedTrim() {
    }

    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isTrimmed(s.charAt(start))) {
            start++;
        }
        while (end > start && isTrimmed(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    static boolean isTrimmed(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', ' ', '\u00A0', '\uFEFF', '\u2028', '\u2029' -> true;
            default -> Character.getType(c) == Character.SPACE_SEPARATOR;
        };
    }
}
