package dev.commtck.tck.support;

import dev.commtck.spec.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A resource a pattern's contract names, with the seed's path as default; configured as
 * {@code commtck.paths.<pattern>.<name>} (or {@code paths.<pattern>.<name>} in the runner's config file).
 */
public record PathKey(Pattern pattern, String name, String defaultPath) {

    public String parameter() {
        return "paths." + pattern.id() + "." + name;
    }

    /**
     * Percent-encodes everything but RFC 3986's unreserved characters, so that any value (a receipt, a topic name the
     * kit means to be refused) fills exactly one segment of a path template.
     */
    public static String segment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return sb.toString();
    }
}
