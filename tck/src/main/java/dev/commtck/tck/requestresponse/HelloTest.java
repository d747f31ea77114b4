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
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the hello resource answers, method by method and body by body. */
@ConformanceSuite(Pattern.REQUEST_RESPONSE)
@DisplayName("request-response: the hello resource")
class HelloTest {

    @Test
    @Verifies("RR-PING-1")
    @DisplayName("POST ping is answered 200 text/plain pong")
    void pingIsAnsweredPong(Target target) {
        Exchange ex = target.http().post(target.path(HELLO), "ping");
        Expect.status(ex, 200);
        Expect.mediaType(ex, "text/plain");
        Expect.body(ex, "pong");
    }

    static Stream<Named<String>> pingInWhitespace() {
        return Stream.of(" ping", "ping ", "ping\n", "\r\nping", "\tping\t", "  \r\n\tping \t\r\n", "\u000bping\u000c")
                .map(body -> Named.of(Text.quote(body), body));
    }

    @ParameterizedTest(name = "POST {0} is answered as ping is")
    @MethodSource("pingInWhitespace")
    @Verifies("RR-TRIM-1")
    void pingInWhitespaceIsAnsweredAsPing(String body, Target target) {
        String ping = PlainPing.answer(target);
        Exchange ex = target.http().post(target.path(HELLO), body);
        Expect.status(ex, 200);
        Expect.body(ex, ping);
    }

    static Stream<Named<String>> otherBodies() {
        Random seeded = new Random(6455);
        StringBuilder random = new StringBuilder();
        for (int i = 0; i < 1024; i++) {
            random.append((char) ('!' + seeded.nextInt(94)));
        }
        return Stream.of(
                Named.of("\"Ping\" (other case)", "Ping"),
                Named.of("\"PING\" (other case)", "PING"),
                Named.of("\"pingg\" (ping with more letters)", "pingg"),
                Named.of("\"pin\" (a prefix of ping)", "pin"),
                Named.of("\"pong\"", "pong"),
                Named.of("\"p ing\" (whitespace inside)", "p ing"),
                Named.of("\"ping ping\"", "ping ping"),
                Named.of("\"\" (empty)", ""),
                Named.of("\"   \" (whitespace only)", "   "),
                Named.of("\"пинг\" (non-ASCII)", "пинг"),
                Named.of("1 KiB of printable ASCII", random.toString()),
                Named.of("64 KiB starting with ping", "ping" + "x".repeat(64 * 1024)));
    }

    @ParameterizedTest(name = "POST {0} is answered 200 with an empty body")
    @MethodSource("otherBodies")
    @Verifies("RR-OTHER-1")
    void otherBodyIsAnsweredEmpty(String body, Target target) {
        Exchange ex = target.http().post(target.path(HELLO), body);
        Expect.status(ex, 200);
        Expect.body(ex, "");
    }

    @Test
    @Verifies("RR-GET-1")
    @DisplayName("GET is answered 200 text/plain world")
    void getIsAnsweredWorld(Target target) {
        Exchange ex = target.http().get(target.path(HELLO));
        Expect.status(ex, 200);
        Expect.mediaType(ex, "text/plain");
        Expect.body(ex, "world");
    }

    @Test
    @Verifies("RR-HEAD-1")
    @DisplayName("HEAD is answered 200 and no content follows the headers")
    void headHasNoContent(Target target) {
        RawConnection c = target.raw();
        c.send("HEAD " + target.path(HELLO), c.requestHead("HEAD", target.path(HELLO)));
        RawResponse r = c.readResponse(true);
        Expect.that(r.status() == 200, "status 200 to HEAD", "the status was " + r.status());
        Expect.that(c.watch(target.tolerances().quiet()) != RawConnection.Watch.DATA,
                "no bytes after the header section of the HEAD response",
                "more bytes arrived within " + target.tolerances().quiet().toMillis() + " ms of the headers (a body)");
    }

    @ParameterizedTest(name = "{0} is answered 200 world, or 405 with Allow: GET, POST")
    @ValueSource(strings = {"PUT", "DELETE", "PATCH"})
    @Verifies("RR-METHOD-1")
    void otherMethodIsAnsweredWorldOr405(String method, Target target) {
        Exchange ex = target.http().send(Request.of(method, target.path(HELLO)));
        if (ex.status() == 405) {
            String allow = ex.header("allow").orElse("").toUpperCase(Locale.ROOT);
            Expect.that(allow.matches(".*\\bGET\\b.*") && allow.matches(".*\\bPOST\\b.*"),
                    "a 405 with an Allow header listing GET and POST",
                    ex.header("allow").map(a -> "Allow was " + Text.quote(a)).orElse("there was no Allow header"), ex);
        } else {
            Expect.that(ex.status() == 200 && ex.bodyText().equals("world"),
                    "either 200 with the body \"world\" or 405 with Allow",
                    "the answer was " + ex.status() + " " + Text.quoteBytes(ex.body()), ex);
        }
    }
}
