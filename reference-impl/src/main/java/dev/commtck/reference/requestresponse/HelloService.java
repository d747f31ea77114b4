package dev.commtck.reference.requestresponse;

import dev.commtck.reference.RequestBodies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/** Request-response (spec/request-response.md): {@code GET /hello} → world, {@code POST /hello} ping → pong. */
public final class HelloService implements HttpService {

    public static final String PATH = "/hello";
    private static final String TEXT = "text/plain; charset=UTF-8";
    private static final byte[] WORLD = "world".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::world)
                .head(PATH, this::worldHeaders)
                .post(PATH, this::ping)
                .route(m -> !m.equals(Method.GET) && !m.equals(Method.HEAD) && !m.equals(Method.POST),
                        io.helidon.http.PathMatchers.exact(PATH), this::notAllowed);
    }

    private void world(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, TEXT).send(WORLD);
    }

    /** HEAD: the headers a GET would carry, and no content (RFC 9110 §9.3.2); Helidon would send a body if given one. */
    private void worldHeaders(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, TEXT).header(HeaderNames.CONTENT_LENGTH, String.valueOf(WORLD.length)).send();
    }

    private void ping(ServerRequest req, ServerResponse res) {
        String body = new String(RequestBodies.read(req), StandardCharsets.UTF_8);
        res.header(HeaderNames.CONTENT_TYPE, TEXT).send(answer(body).getBytes(StandardCharsets.UTF_8));
    }

    /** The answer to a body: {@code pong} for {@code ping} (surrounding whitespace ignored), empty otherwise. Long polling's jobs compute it too. */
    public static String answer(String body) {
        return SeedTrim.trim(body).equals("ping") ? "pong" : "";
    }

    /** The seed answers every other method like GET; the spec also allows 405 with Allow, which is what HTTP expects. */
    private void notAllowed(ServerRequest req, ServerResponse res) {
        res.status(Status.METHOD_NOT_ALLOWED_405).header(HeaderNames.ALLOW, "GET, HEAD, POST").send();
    }
}
