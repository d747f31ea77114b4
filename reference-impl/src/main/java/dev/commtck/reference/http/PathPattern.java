package dev.commtck.reference.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A path with {@code {name}} segments, each matching one non-empty segment of a request's path. */
record PathPattern(String[] segments) {

    static PathPattern of(String pattern) {
        return new PathPattern(pattern.split("/", -1));
    }

    /** The values of the {@code {name}} segments when {@code path} matches. */
    Optional<Map<String, String>> match(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length != segments.length) {
            return Optional.empty();
        }
        Map<String, String> parameters = Map.of();
        for (int i = 0; i < parts.length; i++) {
            String s = segments[i];
            if (s.length() > 2 && s.charAt(0) == '{' && s.charAt(s.length() - 1) == '}') {
                if (parts[i].isEmpty()) {
                    return Optional.empty();
                }
                if (parameters.isEmpty()) {
                    parameters = new HashMap<>();
                }
                parameters.put(s.substring(1, s.length() - 1), parts[i]);
            } else if (!s.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }
}
