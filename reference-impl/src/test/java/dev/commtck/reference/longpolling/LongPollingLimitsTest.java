package dev.commtck.reference.longpolling;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.reference.ReferenceServer;
import io.restassured.response.Response;
import org.hamcrest.MatcherAssert;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference server's long-polling limits, which the TCK cannot reach from outside (LP-LIMIT-1): refusals are 503
 * with Retry-After, the maximum hold answers pending, finished jobs expire. Run on small limits so that they are cheap.
 */
class LongPollingLimitsTest {

    private static final Duration HOLD = Duration.ofMillis(600);
    private static final Duration RETENTION = Duration.ofSeconds(2);

    private ReferenceServer server;

    private void start(int jobs, int waiters) {
        LongPollingLimits limits = new LongPollingLimits(HOLD, RETENTION, jobs, waiters, 60_000, 1024);
        server = ReferenceServer.start("127.0.0.1", 0, r -> r.register(new LongPollingService(new Jobs(limits))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String submit(long durationMs) {
        return given().baseUri(server.uri().toString()).contentType("application/json")
                .body("{\"input\":\"ping\",\"durationMs\":" + durationMs + "}")
                .when().post("/jobs").then().statusCode(202).extract().path("id");
    }

    private Response get(String path) {
        return given().baseUri(server.uri().toString()).when().get(path);
    }

    @Test
    void aSubmissionBeyondTheJobLimitIsRefusedWith503AndRetryAfter() {
        start(2, 10);
        submit(60_000);
        submit(60_000);
        given().baseUri(server.uri().toString()).contentType("application/json").body("{\"input\":\"ping\"}")
                .when().post("/jobs").then().statusCode(503).header("Retry-After", notNullValue());
    }

    @Test
    void aWaitBeyondTheWaiterLimitIsRefusedWith503AndRetryAfter() throws IOException {
        start(10, 1);
        String id = submit(60_000);
        try (Socket first = waitOn(id); Socket second = waitOn(id)) {
            // one holds the only place until the maximum hold, the other, whichever came second, is refused
            String heads = headOf(first).orElse("no answer") + headOf(second).orElse("no answer");
            assertTrue(heads.contains("HTTP/1.1 200") && heads.contains("HTTP/1.1 503")
                    && heads.toLowerCase(Locale.ROOT).contains("\nretry-after:"), heads);
        }
    }

    private Socket waitOn(String id) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.getOutputStream().write(("GET /jobs/" + id + "?wait=3 HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    /** The status line and headers that arrive within 2 s, or empty when none do. */
    private static Optional<String> headOf(Socket s) {
        StringBuilder head = new StringBuilder();
        try {
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return Optional.of(head.toString());
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aWaitWithoutABoundIsAnsweredPendingAtTheMaximumHold() {
        start(10, 10);
        String id = submit(60_000);
        long start = System.nanoTime();
        get("/jobs/" + id).then().statusCode(200).body("state", equalTo("pending"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        MatcherAssert.assertThat(ms, greaterThanOrEqualTo(HOLD.toMillis()));
        MatcherAssert.assertThat(ms, lessThan(HOLD.toMillis() + 2000));
    }

    @Test
    void aHonouredPreferWaitIsAnnounced() {
        start(10, 10);
        String id = submit(60_000);
        given().baseUri(server.uri().toString()).header("Prefer", "respond-async, wait=0").when().get("/jobs/" + id)
                .then().statusCode(200).header("Preference-Applied", equalTo("wait=0")).body("state", equalTo("pending"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "1.5", ""})
    void aMalformedBoundIsRefusedWith400(String wait) {
        start(10, 10);
        String id = submit(0);
        get("/jobs/" + id + "?wait=" + wait).then().statusCode(400);
    }

    @Test
    void aFinishedJobIsForgottenAfterItsRetention() {
        start(10, 10);
        String id = submit(0);
        get("/jobs/" + id).then().statusCode(200).body("state", equalTo("done"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get("/jobs/" + id).statusCode() == 404);
        submit(0); // its place is free again
        submit(0);
    }
}
