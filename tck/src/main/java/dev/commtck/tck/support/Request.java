package dev.commtck.tck.support;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP request the kit sends through {@link HttpProbe}: method, path relative to the target, headers, body.
 * Immutable; {@link #header} returns a copy.
 */
public record Request(String method, String path, Map<String, String> headers, byte[] body) {

    public Request {
        headers = Map.copyOf(headers);
    }

    public static Request get(String path) {
        return new Request("GET", path, Map.of(), null);
    }

    public static Request head(String path) {
        return new Request("HEAD", path, Map.of(), null);
    }

    /** A {@code text/plain} body in UTF-8. */
    public static Request post(String path, String text) {
        return new Request("POST", path, Map.of("Content-Type", "text/plain"), text.getBytes(StandardCharsets.UTF_8));
    }

    public static Request of(String method, String path) {
        return new Request(method, path, Map.of(), null);
    }

    public Request header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Request(method, path, copy, body);
    }

    public Request body(String contentType, byte[] bytes) {
        return new Request(method, path, headers, bytes).header("Content-Type", contentType);
    }

    public boolean hasBody() {
        return body != null;
    }
}
