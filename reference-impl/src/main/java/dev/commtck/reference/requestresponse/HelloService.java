package dev.commtck.reference.requestresponse;

import dev.commtck.reference.http.Handler;
import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.http.Service;
import java.nio.charset.StandardCharsets;

/** Request-response (spec/request-response.md): {@code GET /hello} → world, {@code POST /hello} ping → pong. */
public final class HelloService implements Service {

    public static final String PATH = "/hello";
    private static final String TEXT = "text/plain; charset=UTF-8";
    private static final byte[] WORLD = "world".getBytes(StandardCharsets.US_ASCII);

    /** The seed answers every other method like GET; the spec also allows 405 with Allow, which is what HTTP expects. */
    @Override
    public void routing(Routes routes) {
        routes.get(PATH, Handler.onEventLoop(this::world))
                .head(PATH, Handler.onEventLoop(this::worldHeaders))
                .post(PATH, Handler.onEventLoop(this::ping))
                .allowOnly(PATH, "GET", "HEAD", "POST");
    }

    private void world(Request req, Response res) {
        res.header("Content-Type", TEXT).send(WORLD);
    }

    /** HEAD: the headers a GET would carry, and no content (RFC 9110 §9.3.2). */
    private void worldHeaders(Request req, Response res) {
        res.header("Content-Type", TEXT).header("Content-Length", String.valueOf(WORLD.length)).send();
    }

    private void ping(Request req, Response res) {
        String body = new String(req.body(), StandardCharsets.UTF_8);
        res.header("Content-Type", TEXT).send(answer(body).getBytes(StandardCharsets.UTF_8));
    }

    /** The answer to a body: {@code pong} for {@code ping} (surrounding whitespace ignored), empty otherwise. Long polling's jobs compute it too. */
    public static String answer(String body) {
        return SeedTrim.trim(body).equals("ping") ? "pong" : "";
    }
}
