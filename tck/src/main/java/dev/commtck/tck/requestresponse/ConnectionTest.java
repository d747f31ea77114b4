package dev.commtck.tck.requestresponse;

import static dev.commtck.tck.requestresponse.RequestResponsePaths.HELLO;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.RawConnection;
import dev.commtck.tck.support.RawResponse;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How requests travel: bodies in pieces, many at once, several on one connection. */
@ConformanceSuite(Pattern.REQUEST_RESPONSE)
@DisplayName("request-response: bodies and connections")
class ConnectionTest {

    static final int CONCURRENT_REQUESTS = 64;

    /** Two ways a {@code ping} body reaches the server in two pieces. */
    enum Split {
        CHUNKED("Transfer-Encoding: chunked", "2\r\npi\r\n", "2\r\nng\r\n0\r\n\r\n"),
        CONTENT_LENGTH("Content-Length: 4", "pi", "ng");

        final String framing;
        final String first;
        final String second;

        Split(String framing, String first, String second) {
            this.framing = framing;
            this.first = first;
            this.second = second;
        }
    }

    @ParameterizedTest(name = "ping sent in two pieces ({0}) is answered as ping sent whole, and not before the second")
    @EnumSource(Split.class)
    @Verifies("RR-BODY-1")
    void bodyInTwoPiecesIsReadWhole(Split split, Target target) {
        String ping = PlainPing.answer(target);
        RawConnection c = target.raw();
        String path = target.path(HELLO);
        c.send("POST " + path + " headers and the first piece",
                c.requestHead("POST", path, "Content-Type: text/plain", split.framing) + split.first);
        RawConnection.Watch early = c.watch(target.tolerances().quiet());
        Expect.that(early == RawConnection.Watch.SILENT, "no answer while half of the body is still to come",
                early == RawConnection.Watch.DATA ? "the server answered after the first piece"
                        : "the server closed the connection after the first piece");
        c.send("the second piece", split.second);
        RawResponse r = c.readResponse(false);
        Expect.that(r.status() == 200 && r.bodyText().equals(ping), "the answer to ping, 200 " + Text.quote(ping)
                + ", once the body was complete", "the answer was " + r.summary());
    }

    @Test
    @Verifies("RR-CONCURRENT-1")
    @DisplayName("64 concurrent POSTs are each answered according to their own body")
    void concurrentRequestsAreAnsweredByTheirOwnBodies(Target target) {
        String ping = PlainPing.answer(target);
        String other = target.http().post(target.path(HELLO), "request-0").bodyText();
        Map<Request, CompletableFuture<Exchange>> inFlight = new LinkedHashMap<>();
        for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
            Request r = Request.post(target.path(HELLO), i % 2 == 0 ? "ping" : "request-" + i);
            inFlight.put(r, target.http().sendAsync(r));
        }
        List<Exchange> wrong = new ArrayList<>();
        inFlight.forEach((request, answer) -> {
            Exchange ex = target.http().await(answer, request);
            String expected = ex.bodyOfRequest().equals("ping") ? ping : other;
            if (ex.status() != 200 || !ex.bodyText().equals(expected)) {
                wrong.add(ex);
            }
        });
        Expect.that(wrong.isEmpty(), "every one of " + CONCURRENT_REQUESTS + " concurrent requests answered as the same body"
                        + " is answered alone (" + Text.quote(ping) + " for ping, " + Text.quote(other) + " for others)",
                wrong.size() + " were answered as if they carried another body", wrong.toArray(Exchange[]::new));
    }

    @Test
    @Verifies("RR-KEEPALIVE-1")
    @DisplayName("three requests on one connection are each answered")
    void threeRequestsOnOneConnection(Target target) {
        RawConnection c = target.raw();
        String path = target.path(HELLO);
        for (int i = 1; i <= 3; i++) {
            c.send("request " + i + " of 3",
                    c.requestHead("POST", path, "Content-Type: text/plain", "Content-Length: 4") + "ping");
            RawResponse r = c.readResponse(false);
            Expect.that(r.status() == 200, "request " + i + " on the connection answered 200", "the answer was " + r.summary());
            if (r.closes()) {
                target.evidence().note("the server announced that it closes after request " + i + " (allowed: "
                        + r.version() + ", Connection: " + r.header("connection").orElse("none") + ")");
                return;
            }
        }
    }
}
