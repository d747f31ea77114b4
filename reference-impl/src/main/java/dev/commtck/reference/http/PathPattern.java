package dev.commtck.reference.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A path with {@code {name}} segments, each matching one non-empty segment of a request's path.
 *
 * @param literal  the pattern itself when it has no {@code {name}} segment (matched by equality, the common case), else
 *                 null
 * @param segments the pattern's segments
 */
record PathPattern(String literal, String[] segments) {

    static PathPattern of(String pattern) {
        return new PathPattern(pattern.contains("{") ? null : pattern, pattern.split("/", -1));
    }

    /** The values of the {@code {name}} segments when {@code path} matches. */
    Optional<Map<String, String>> match(String path) {
        if (literal != null) {
            return literal.equals(path) ? Optional.of(Map.of()) : Optional.empty();
        }
        String[] parts = path.split("/", -1);
        if (parts.length != segments.length) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String s = segments[i];
            if (s.length() > 2 && s.charAt(0) == '{' && s.charAt(s.length() - 1) == '}') {
                if (parts[i].isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(s.substring(1, s.length() - 1), parts[i]);
            } else if (!s.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }
}
