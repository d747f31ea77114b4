package dev.commtck.tck.sse;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.PathKey;

/** The resources of the Server-Sent Events contract (spec/sse.md, "Contract"). */
final class SsePaths {

    static final PathKey EVENTS = new PathKey(Pattern.SSE, "events", "/events");
    static final PathKey TRIGGER = new PathKey(Pattern.SSE, "trigger", "/events");

    private SsePaths() {
    }

    /** The path with one more query parameter, whether or not it already has a query. */
    static String withQuery(String path, String parameter) {
        return path + (path.contains("?") ? "&" : "?") + parameter;
    }
}
