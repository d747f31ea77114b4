package dev.commtck.tck.runner;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.TckSettings;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.HttpProbe;
import dev.commtck.tck.support.RawConnection;
import dev.commtck.tck.support.RawResponse;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Does the target expose a pattern at all? Before a pattern's suites run, one ordinary request asks its entry resource
 * (spec/README.md, "How the kit finds a pattern"): {@code 404} or {@code 410} (no such resource) or {@code 501} (no
 * such method on this server) there means the server does not implement the pattern, or mounts it elsewhere, and its
 * requirements are reported NOT FOUND in one line that names the request and the setting to change, instead of as a
 * screen of failures. Any other answer ({@code 405} too: the resource is there), or none, lets the suites run and
 * judge it.
 */
public final class Discovery {

    private Discovery() {
    }

    /**
     * Why the target does not expose {@code pattern}, in one line ({@code short-polling: not found: GET
     * http://host/api/bitcoin → 404 (set paths.short-polling.poll)}), or empty when it does, or may.
     */
    public static Optional<String> notFound(Pattern pattern, TckSettings settings) {
        Probe probe = probeOf(pattern);
        String template = settings.path(pattern, probe.resource(), defaultPath(pattern, probe.resource()));
        String path = template.replace("{name}", fresh()).replace("{topic}", fresh());
        int status;
        try {
            status = probe.send(settings, path);
        } catch (RuntimeException | AssertionError e) {
            return Optional.empty(); // no answer: the suites will say what is wrong, with their evidence
        }
        if (status != 404 && status != 410 && status != 501) {
            return Optional.empty();
        }
        return Optional.of(pattern.id() + ": not found: " + probe.method() + " " + settings.endpoint().base() + template
                + " → " + status + " (set paths." + pattern.id() + "." + probe.resource() + ")");
    }

    /** What the kit asks of each pattern: the contract's entry resource, with an ordinary request a server accepts. */
    private static Probe probeOf(Pattern pattern) {
        return switch (pattern) {
            case REQUEST_RESPONSE -> new Probe("hello", "GET", (s, path) -> http(s, Request.get(path)));
            case SHORT_POLLING -> new Probe("poll", "GET", (s, path) -> http(s, Request.get(path)));
            case LONG_POLLING -> new Probe("jobs", "POST", (s, path) -> http(s, Request.of("POST", path)
                    .body("application/json", "{\"input\":\"ping\"}".getBytes(StandardCharsets.UTF_8))));
            case PUSH -> new Probe("socket", "GET (WebSocket handshake)", Discovery::webSocketHandshake);
            case SSE -> new Probe("events", "GET", Discovery::eventStreamHead);
            case MESSAGE_QUEUE -> new Probe("send", "POST", (s, path) -> http(s, Request.post(path, "commtck discovery")));
            case PUB_SUB -> new Probe("publish", "POST", (s, path) -> http(s, Request.post(path, "commtck discovery")));
        };
    }

    private static int http(TckSettings settings, Request request) {
        try (HttpProbe probe = new HttpProbe(settings.endpoint(), settings.tolerances(), new Evidence())) {
            Exchange ex = probe.send(request);
            return ex.status();
        }
    }

    private static int eventStreamHead(TckSettings settings, String path) {
        try (SseClient client = new SseClient(settings.endpoint(), settings.tolerances(), new Evidence());
             EventStream stream = client.open(path)) {
            return stream.status();
        }
    }

    private static int webSocketHandshake(TckSettings settings, String path) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        try (RawConnection c = RawConnection.open(settings.endpoint(), settings.tolerances(), new Evidence())) {
            c.send("GET " + path + " (opening handshake)", c.requestHead("GET", path, "Upgrade: websocket",
                    "Connection: Upgrade", "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce),
                    "Sec-WebSocket-Version: 13"));
            RawResponse r = c.readResponse(false);
            return r.status();
        }
    }

    private static String defaultPath(Pattern pattern, String resource) {
        return Catalogue.bundled().setting("paths." + pattern.id() + "." + resource).orElseThrow().defaultValue();
    }

    /** A queue or topic of the probe's own, so that it touches nothing the server already holds. */
    private static String fresh() {
        return "commtck-discovery-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    private interface Send {
        int status(TckSettings settings, String path);
    }

    /** A pattern's probe: the path key of its entry resource, the method as shown, and how to ask. */
    private record Probe(String resource, String method, Send sender) {
        int send(TckSettings settings, String path) {
            return sender.status(settings, path);
        }
    }
}
