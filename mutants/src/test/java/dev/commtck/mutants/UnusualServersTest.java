package dev.commtck.mutants;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.commtck.reference.ReferenceServer;
import dev.commtck.reference.http.Status;
import dev.commtck.reference.longpolling.Job;
import dev.commtck.reference.longpolling.JobRequest;
import dev.commtck.reference.longpolling.Jobs;
import dev.commtck.reference.longpolling.LongPollingLimits;
import dev.commtck.reference.longpolling.LongPollingService;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunResult;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Correct servers that look different from the reference one must pass: other header casing and media-type
 * parameters, {@code Connection: close}, chunked replies, extra headers, another HTTP stack (WireMock on Jetty).
 */
class UnusualServersTest {

    private WireMockServer server;

    private URI start(boolean templating) {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").globalTemplating(templating));
        server.start();
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The seed's hello contract as WireMock stubs at {@code path}, every reply shaped by {@code style}. */
    private void helloStubs(String path, UnaryOperator<ResponseDefinitionBuilder> style) {
        server.stubFor(post(urlEqualTo(path)).atPriority(1).withRequestBody(matching("\\s*ping\\s*"))
                .willReturn(style.apply(aResponse().withStatus(200).withBody("pong"))));
        server.stubFor(post(urlEqualTo(path)).atPriority(2).willReturn(style.apply(aResponse().withStatus(200))));
        server.stubFor(request("HEAD", urlEqualTo(path)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "text/plain")));
        server.stubFor(any(urlEqualTo(path)).atPriority(3)
                .willReturn(style.apply(aResponse().withStatus(200).withBody("world"))));
    }

    @Test
    void requestResponseWithConnectionCloseCharsetAndExtraHeaders() {
        URI uri = start(false);
        helloStubs("/hello", r -> r.withHeader("CONTENT-TYPE", "Text/Plain; Charset=UTF-8").withHeader("Connection", "close")
                .withHeader("X-Powered-By", "WireMock").withHeader("Cache-Control", "private"));
        assertConforms(Runs.run(uri, Pattern.REQUEST_RESPONSE, "unusual-rr-connection-close"));
    }

    @Test
    void requestResponseWithChunkedReplies() {
        URI uri = start(false);
        helloStubs("/hello", r -> r.withHeader("content-type", "text/plain;charset=utf-8").withChunkedDribbleDelay(3, 30));
        assertConforms(Runs.run(uri, Pattern.REQUEST_RESPONSE, "unusual-rr-chunked"));
    }

    @Test
    void requestResponseMountedElsewhereWithItsPathConfigured() {
        URI uri = start(false);
        helloStubs("/api/v1/greeting", r -> r.withHeader("Content-Type", "text/plain"));
        assertConforms(Runs.run(uri, Pattern.REQUEST_RESPONSE, "unusual-rr-mounted-elsewhere",
                Map.of("commtck.paths.request-response.hello", "/api/v1/greeting")));
    }

    @Test
    void shortPollingWithTemplatedValuesAndNoEtag() {
        URI uri = start(true);
        server.stubFor(get(urlEqualTo("/bitcoin")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withHeader("Cache-Control", "no-store")
                .withBody("{ \"coins\" : {{randomInt lower=-10 upper=100}}, \"currency\": \"BTC\" }")));
        server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("Hello world")));
        assertConforms(Runs.run(uri, Pattern.SHORT_POLLING, "unusual-sp-templated"));
    }

    /**
     * Long polling mounted under another path, with an absolute {@code Location}, a {@code Retry-After} date, media-type
     * parameters, a short maximum hold that the run is told about (so that its checks run, in 5 s each), and a
     * {@code durationMs} read as a JavaScript server reads it: {@code 1e4} and {@code 10000.0} as 10000, {@code null} as
     * absent.
     */
    @Test
    void longPollingMountedElsewhereWithAbsoluteLocationsAndAShortHold() {
        String mount = "/api/v2/jobs";
        Jobs jobs = new Jobs(LongPollingLimits.DEFAULT.withMaxHold(Duration.ofSeconds(5)));
        try (ReferenceServer lp = ReferenceServer.start("127.0.0.1", 0, r -> r.post(mount, (req, res) -> {
            JobRequest request;
            try {
                request = JobRequest.parse(wholeNumbersRead(req.body()), jobs.limits());
            } catch (JobRequest.Invalid e) {
                res.status(Status.UNPROCESSABLE_CONTENT).send(e.getMessage());
                return;
            }
            Job job = jobs.submit(request);
            res.status(Status.ACCEPTED)
                    .header("Location", "http://" + req.header("Host").orElseThrow() + mount + "/" + job.id())
                    .header("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1)))
                    .header("Cache-Control", "private, no-cache")
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .send(job.json());
        }).register(new LongPollingService(jobs, mount)))) {
            assertConforms(Runs.run(lp.uri(), Pattern.LONG_POLLING, "unusual-lp-elsewhere", Map.of(
                    "commtck.paths.long-polling.jobs", mount, "commtck.long-polling.max-hold-ms", "5000")));
        }
    }

    /** The submission with a {@code durationMs} that is a whole number written as such, and without one that is null. */
    private static byte[] wholeNumbersRead(byte[] body) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(body);
        } catch (IOException e) {
            return body; // not JSON: the contract's parsing refuses it
        }
        if (root instanceof ObjectNode submission && submission.has("durationMs")) {
            JsonNode d = submission.get("durationMs");
            if (d.isNull()) {
                submission.remove("durationMs");
            } else if (d.isNumber() && d.doubleValue() == Math.rint(d.doubleValue())) {
                submission.put("durationMs", d.longValue());
            }
            return submission.toString().getBytes(StandardCharsets.UTF_8);
        }
        return body;
    }

    private static void assertConforms(RunResult result) {
        assertEquals(ExitCodes.CONFORMING, result.exitCode(), () -> "a correct server was not passed: " + Runs.problems(result));
    }
}
