package dev.commtck.reference.shortpolling;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Short polling (spec/short-polling.md): {@code GET /bitcoin} → a fresh {@code {"coins": n}}, n in [-10, 100], on every
 * poll, with an entity tag so that a client may poll conditionally; {@code GET /} → Hello world.
 */
public final class BitcoinService implements HttpService {

    public static final String PATH = "/bitcoin";
    private static final byte[] HELLO = "Hello world".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::poll).get("/", this::root);
    }

    private void poll(ServerRequest req, ServerResponse res) {
        int coins = ThreadLocalRandom.current().nextInt(-10, 101);
        String etag = "\"c" + coins + "\""; // the value is the whole representation, so it names it exactly
        res.header(HeaderNames.CACHE_CONTROL, "no-cache").header(HeaderNames.ETAG, etag);
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(v -> matches(v, etag)).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json")
                .send(("{\"coins\":" + coins + "}").getBytes(StandardCharsets.US_ASCII));
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

    private void root(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8").send(HELLO);
    }
}
