package dev.commtck.tck.support;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request and the response it got, with times in ms since the test started.
 *
 * @param request   what was sent
 * @param uri       the absolute URI it was sent to
 * @param status    the response status
 * @param headers   response headers, names lower-case
 * @param body      the response body, at most {@link HttpProbe#MAX_BODY} bytes
 * @param truncated the body was longer than that, and the rest was not read
 * @param startMs   when the request was sent
 * @param headersMs when the response headers arrived
 * @param endMs     when the body was complete
 */
public record Exchange(Request request, URI uri, int status, Map<String, List<String>> headers, byte[] body,
                       boolean truncated, long startMs, long headersMs, long endMs) {

    /** Headers whose values change from run to run; reports mask them so that runs can be compared. */
    private static final List<String> VOLATILE = List.of("date");

    public Exchange {
        TreeMap<String, List<String>> h = new TreeMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(h);
    }

    public Optional<String> header(String name) {
        List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The media type without parameters, lower-case ({@code text/plain}), or empty when there is no Content-Type. */
    public String mediaType() {
        return header("content-type").map(Exchange::mediaTypeOf).orElse("");
    }

    static String mediaTypeOf(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    public String bodyText() {
        return Text.utf8(body);
    }

    /** The body that was sent, as text (empty for requests without one). */
    public String bodyOfRequest() {
        return request.hasBody() ? Text.utf8(request.body()) : "";
    }

    public long elapsedMs() {
        return endMs - startMs;
    }

    /** The request target as the request line carried it, the target's path prefix included: {@code /api/hello}. */
    public String requestTarget() {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** One line: {@code POST /hello "ping" → 200 text/plain "pong" (4 bytes) in 2 ms}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(request.method()).append(' ').append(requestTarget());
        if (request.hasBody()) {
            sb.append(' ').append(Text.quoteBytes(request.body()));
        }
        sb.append(" → ").append(status);
        String type = mediaType();
        if (!type.isEmpty()) {
            sb.append(' ').append(type);
        }
        sb.append(' ').append(Text.quoteBytes(body)).append(truncated ? " (truncated)" : "");
        return sb.append(" in ").append(elapsedMs()).append(" ms").toString();
    }

    public String requestText() {
        StringBuilder sb = new StringBuilder(request.method()).append(' ').append(uri).append(" HTTP/1.1\n");
        request.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        if (request.hasBody()) {
            sb.append('\n').append(Text.forReport(request.body(), 4096));
        }
        return sb.toString();
    }

    public String responseText() {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append('\n');
        headers.forEach((k, vs) -> vs.forEach(v -> sb.append(k).append(": ")
                .append(VOLATILE.contains(k) ? "<masked>" : v).append('\n')));
        sb.append('\n').append(Text.forReport(body, 4096));
        if (truncated) {
            sb.append("\n… [body cut at ").append(HttpProbe.MAX_BODY).append(" bytes]");
        }
        return sb.append("\n\n(sent at +").append(startMs).append(" ms, headers at +").append(headersMs)
                .append(" ms, complete at +").append(endMs).append(" ms)").toString();
    }

    /** A command that sends the same request, for a person to reproduce the failure. */
    public String curl() {
        return Curl.of(request, uri);
    }
}
