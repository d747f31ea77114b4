package dev.commtck.tck.support;

import java.nio.charset.StandardCharsets;

/** How the kit quotes bytes in messages and reports: printable, escaped, bounded. */
public final class Text {

    private Text() {
    }

    /** {@code "pong\n"} with escapes for control characters, cut after {@code max} characters. */
    public static String quote(String s, int max) {
        StringBuilder sb = new StringBuilder("\"");
        escape(s, max, true, sb);
        sb.append('"');
        if (s.length() > max) {
            sb.append("… (").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }

    /**
     * Text from elsewhere (a peer's bytes in an exception's message, say) fit for one line of a console: control
     * characters escaped, cut after {@code max} characters.
     */
    public static String oneLine(String s, int max) {
        StringBuilder sb = new StringBuilder();
        escape(s, max, false, sb);
        return s.length() > max ? sb.append('…').toString() : sb.toString();
    }

    private static void escape(String s, int max, boolean quotes, StringBuilder sb) {
        int n = Math.min(s.length(), max);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append(quotes ? "\\\"" : "\"");
                case '\\' -> sb.append(quotes ? "\\\\" : "\\");
                default -> appendPrintable(c, sb);
            }
        }
    }

    /**
     * A message that may quote a peer's bytes (an exception's, say), fit for a console and a report: line breaks and
     * tabs kept, every other control character escaped.
     */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\t') {
                sb.append(c);
            } else {
                appendPrintable(c, sb);
            }
        }
        return sb.toString();
    }

    private static void appendPrintable(char c, StringBuilder sb) {
        if (c < 0x20 || c >= 0x7f && c <= 0x9f) { // C0, DEL and C1: a terminal may act on them
            sb.append(String.format("\\u%04x", (int) c));
        } else {
            sb.append(c);
        }
    }

    public static String quote(String s) {
        return quote(s, 80);
    }

    /** The bytes as UTF-8 text, quoted, with their length: {@code "pong\n" (5 bytes)}. */
    public static String quoteBytes(byte[] bytes) {
        return quote(utf8(bytes)) + " (" + bytes.length + (bytes.length == 1 ? " byte)" : " bytes)");
    }

    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Bytes as a report shows them: text as is, cut after {@code max} bytes with a note saying how many there were. */
    public static String forReport(byte[] bytes, int max) {
        if (bytes.length <= max) {
            return utf8(bytes);
        }
        return new String(bytes, 0, max, StandardCharsets.UTF_8) + "\n… [" + (bytes.length - max) + " more bytes not shown]";
    }

    /** A string safe inside single quotes in a POSIX shell. */
    public static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** {@code 1 test}, {@code 2 tests}: a count with its noun, plural when it is not one. */
    public static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
