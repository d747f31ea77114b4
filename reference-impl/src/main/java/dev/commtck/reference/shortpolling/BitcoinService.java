package dev.commtck.reference.shortpolling;

import dev.commtck.reference.http.Handler;
import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.http.Service;
import dev.commtck.reference.http.Status;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Short polling (spec/short-polling.md): {@code GET /bitcoin} → a fresh {@code {"coins": n}}, n in [-10, 100], on every
 * poll, with an entity tag so that a client may poll conditionally; {@code GET /} → Hello world.
 */
public final class BitcoinService implements Service {

    public static final String PATH = "/bitcoin";
    private static final byte[] HELLO = "Hello world".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void routing(Routes routes) {
        routes.get(PATH, Handler.onEventLoop(this::poll)).get("/", Handler.onEventLoop(this::root));
    }

    private void poll(Request req, Response res) {
        int coins = ThreadLocalRandom.current().nextInt(-10, 101);
        String etag = "\"c" + coins + "\""; // the value is the whole representation, so it names it exactly
        res.header("Cache-Control", "no-cache").header("ETag", etag);
        if (req.header("If-None-Match").map(v -> matches(v, etag)).orElse(false)) {
            res.status(Status.NOT_MODIFIED).send();
            return;
        }
        res.header("Content-Type", "application/json").send(("{\"coins\":" + coins + "}").getBytes(StandardCharsets.US_ASCII));
    }

    /** RFC 9110 §13.1.2: If-None-Match is {@code *} or a list of tags, compared weakly. */
    static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip().replaceFirst("^W/", "");
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private void root(Request req, Response res) {
        res.header("Content-Type", "text/plain; charset=UTF-8").send(HELLO);
    }
}
