package dev.commtck.mutants.requestresponse;

import dev.commtck.mutants.Mutant;
import dev.commtck.reference.http.Handler;
import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Exchanger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/** Request-response servers with one fault each (spec/request-response.md). */
public final class RequestResponseMutants {

    private static final String HELLO = "/hello";
    /** The methods the reference routes at the hello resource. */
    private static final Set<String> ROUTED = Set.of("GET", "HEAD", "POST");

    public static final List<Mutant> ALL = List.of(
            new Mutant("rr-pong-newline", "RR-PING-1", "answers ping with \"pong\\n\" instead of \"pong\"",
                    () -> r -> r.post(HELLO, answer(body -> body.strip().equals("ping") ? "pong\n" : ""))),
            new Mutant("rr-untrimmed", "RR-TRIM-1", "compares the body with \"ping\" without trimming whitespace",
                    () -> r -> r.post(HELLO, answer(body -> body.equals("ping") ? "pong" : ""))),
            new Mutant("rr-lenient-ping", "RR-OTHER-1", "answers pong to any body that starts with ping, in any case",
                    () -> r -> r.post(HELLO, answer(body -> body.strip().toLowerCase(Locale.ROOT).startsWith("ping") ? "pong" : ""))),
            new Mutant("rr-get-hello-world", "RR-GET-1", "answers GET /hello with \"Hello world\" (the other seed server's greeting)",
                    () -> r -> r.get(HELLO, (req, res) -> text(res, "Hello world"))),
            new Mutant("rr-head-with-body", "RR-HEAD-1", "writes the GET body after the headers of a HEAD response",
                    () -> r -> r.head(HELLO, (req, res) -> res.header("Content-Type", "text/plain")
                            .sendBodyEvenToHead("world".getBytes(StandardCharsets.UTF_8)))),
            new Mutant("rr-405-without-allow", "RR-METHOD-1", "answers PUT, DELETE and PATCH with 405 but no Allow header",
                    () -> r -> r.route(m -> !ROUTED.contains(m), HELLO, (req, res) -> res.status(Status.METHOD_NOT_ALLOWED).send())),
            new Mutant("rr-catch-all", "RR-NOTFOUND-1", "answers every path like /hello instead of 404",
                    () -> r -> r.any((req, res) -> { // what no route claims, which the reference answers 404
                        if (req.method().equals("HEAD")) {
                            res.send();
                        } else {
                            text(res, "world");
                        }
                    })),
            new Mutant("rr-first-piece", "RR-BODY-1", "decides on the first piece of the body that arrives",
                    () -> r -> r.post(HELLO, (req, res) -> text(res, firstPiece(req).strip().equals("ping") ? "pong" : ""))),
            new Mutant("rr-crosstalk", "RR-CONCURRENT-1", "answers a request according to the body of another one in flight",
                    () -> {
                        Exchanger<String> inFlight = new Exchanger<>(); // one "current body" shared by all requests
                        return r -> r.post(HELLO, answer(body -> swapped(inFlight, body).strip().equals("ping") ? "pong" : ""));
                    }));

    private RequestResponseMutants() {
    }

    private static Handler answer(UnaryOperator<String> reply) {
        return (req, res) -> text(res, reply.apply(new String(req.body(), StandardCharsets.UTF_8)));
    }

    private static void text(Response res, String body) {
        res.header("Content-Type", "text/plain").send(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The fault: takes the piece of the body that arrived first for the whole body. */
    private static String firstPiece(Request req) {
        return req.bodyPieces().stream().findFirst().map(piece -> new String(piece, StandardCharsets.UTF_8)).orElse("");
    }

    /** The fault: a request that meets another one in flight within 100 ms takes that one's body for its own. */
    private static String swapped(Exchanger<String> inFlight, String body) {
        try {
            return inFlight.exchange(body, 100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return body; // alone: answered correctly, which is why sequential checks never see this fault
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return body;
        }
    }
}
