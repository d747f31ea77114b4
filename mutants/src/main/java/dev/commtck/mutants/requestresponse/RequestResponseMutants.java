package dev.commtck.mutants.requestresponse;

import dev.commtck.mutants.Mutant;
import dev.commtck.reference.RequestBodies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Exchanger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Request-response servers with one fault each (spec/request-response.md). */
public final class RequestResponseMutants {

    private static final String HELLO = "/hello";

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
                    () -> r -> r.head(HELLO, (req, res) -> text(res, "world"))),
            new Mutant("rr-405-without-allow", "RR-METHOD-1", "answers PUT, DELETE and PATCH with 405 but no Allow header",
                    () -> r -> r.route(otherMethods(), PathMatchers.exact(HELLO),
                            (req, res) -> res.status(Status.METHOD_NOT_ALLOWED_405).send())),
            new Mutant("rr-catch-all", "RR-NOTFOUND-1", "answers every path like /hello instead of 404",
                    () -> r -> r.any((req, res) -> {
                        if (req.path().path().equals(HELLO)) {
                            res.next();
                        } else if (req.prologue().method().equals(Method.HEAD)) {
                            res.send();
                        } else {
                            text(res, "world");
                        }
                    })),
            new Mutant("rr-first-piece", "RR-BODY-1", "decides on the first piece of the body that arrives",
                    () -> r -> r.post(HELLO, (req, res) -> text(res, firstRead(req).strip().equals("ping") ? "pong" : ""))),
            new Mutant("rr-crosstalk", "RR-CONCURRENT-1", "answers a request according to the body of another one in flight",
                    () -> {
                        Exchanger<String> inFlight = new Exchanger<>(); // one "current body" shared by all requests
                        return r -> r.post(HELLO, answer(body -> swapped(inFlight, body).strip().equals("ping") ? "pong" : ""));
                    }));

    private RequestResponseMutants() {
    }

    private static io.helidon.webserver.http.Handler answer(java.util.function.UnaryOperator<String> reply) {
        return (req, res) -> text(res, reply.apply(body(req)));
    }

    private static String body(ServerRequest req) {
        return new String(RequestBodies.read(req), StandardCharsets.UTF_8);
    }

    private static void text(ServerResponse res, String body) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain").send(body.getBytes(StandardCharsets.UTF_8));
    }

    private static Predicate<Method> otherMethods() {
        return m -> !m.equals(Method.GET) && !m.equals(Method.HEAD) && !m.equals(Method.POST);
    }

    /** The fault: reads once, and takes whatever has arrived so far for the whole body. */
    private static String firstRead(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return "";
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] buf = new byte[8192];
            int n = in.read(buf);
            String first = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
            in.transferTo(OutputSink.INSTANCE); // the connection stays usable: the rest is read, and ignored
            return first;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Discards bytes. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
