package dev.commtck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.commtck.reference.ReferenceServer;
import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.http.Status;
import dev.commtck.reference.longpolling.Jobs;
import dev.commtck.reference.longpolling.LongPollingLimits;
import dev.commtck.reference.longpolling.LongPollingService;
import dev.commtck.reference.messagequeue.JournalQueueStore;
import dev.commtck.reference.messagequeue.QueueService;
import dev.commtck.reference.pubsub.TopicService;
import dev.commtck.reference.requestresponse.HelloService;
import dev.commtck.reference.shortpolling.BitcoinService;
import dev.commtck.reference.sse.EventStreamService;
import dev.commtck.tck.runner.ExitCodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers the kit did not write, as a user brings them: one that implements a single pattern under a path prefix, one
 * that answers 404 everywhere (both on the JDK's own HTTP server), one behind a bearer token. Each gets what a user
 * should see: the patterns it has checked, the ones it lacks in one line each, one screen when there is nothing to
 * check, and no credential anywhere in the report.
 */
class ThirdPartyServersTest {

    private static final String HELLO = "/api/hello";
    private static final String TEXT = "text/plain; charset=UTF-8";

    @TempDir
    Path dir;

    @Test
    void aServerOfOnePatternUnderAPrefixPassesAndTheOthersAreOneLineEach() throws IOException {
        HttpServer server = jdkServer(ThirdPartyServersTest::helloUnderApi);
        try {
            Path out = dir.resolve("report");
            Cli cli = Cli.run("run", "--target", "http://127.0.0.1:" + port(server) + "/api", "--out", out.toString());
            assertEquals(ExitCodes.CONFORMING, cli.exit(), cli::toString);
            assertTrue(cli.outLines().size() + cli.errLines().size() < 40, () -> "fewer than 40 lines: " + cli);
            List<String> absent = cli.outLines().stream().filter(l -> l.matches("[a-z-]+ +NOT FOUND .*")).toList();
            assertEquals(6, absent.size(), cli::toString);
            assertTrue(absent.stream().anyMatch(l -> l.startsWith("short-polling ")
                    && l.contains("GET http://127.0.0.1:" + port(server) + "/api/bitcoin → 404 (set paths.short-polling.poll)")), cli::toString);
            assertTrue(cli.out().contains("RR-HEAD-1") && !cli.out().contains("FAIL"), cli::toString);
            String summary = Files.readString(out.resolve("summary.md"));
            assertTrue(summary.startsWith("# CommTCK: CONFORMING\n") && summary.contains("- **NOT FOUND** "
                    + "[short-polling](spec/short-polling.md#contract): GET http://127.0.0.1:" + port(server)
                    + "/api/bitcoin → 404 (set paths.short-polling.poll)"), "summary.md leads with the verdict and has the "
                    + "NOT FOUND lines:\n" + summary);
            String evidence = allText(out.resolve("allure-results"));
            assertTrue(evidence.contains("HEAD /api/hello HTTP/1.1"), "the raw checks' request lines carry the prefix");
            assertFalse(evidence.contains("HEAD /hello HTTP/1.1"), "no raw check left the prefix out");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aUsersServerAndTheReferenceAreComparedInOneReportEachWithItsOwnPaths() throws IOException {
        HttpServer server = jdkServer(ThirdPartyServersTest::helloUnderApi);
        try {
            Path out = dir.resolve("report");
            Cli cli = Cli.run("run", "--target", "mine=http://127.0.0.1:" + port(server), "--target", "ref=reference",
                    "--patterns", "request-response", "-P", "targets.mine.paths.request-response.hello=/api/hello",
                    "--out", out.toString());
            assertEquals(ExitCodes.CONFORMING, cli.exit(), cli::toString);
            assertTrue(cli.outLines().stream().anyMatch(l -> l.matches("REQUIREMENT +LEVEL +mine +ref")), cli::toString);
            assertTrue(Files.exists(out.resolve("targets/mine/allure-results")) && Files.exists(out.resolve("targets/ref/junit-xml")),
                    "each target's results in a folder named after it");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServerThatAnswers404EverywhereEndsTheRunInOneScreen() throws IOException {
        HttpServer server = jdkServer(exchange -> send(exchange, 404, "Not Found"));
        try {
            Cli cli = Cli.run("run", "--target", "http://127.0.0.1:" + port(server), "--out", dir.resolve("r").toString());
            assertEquals(ExitCodes.NOT_EVALUATED, cli.exit(), cli::toString);
            assertEquals(8, cli.outLines().size() + cli.errLines().size(), cli::toString);
            assertTrue(cli.err().contains("commtck: ERROR found none of the patterns at http://127.0.0.1:" + port(server)),
                    cli::toString);
            assertFalse(Files.exists(dir.resolve("r/index.html")), "no report of a run that checked nothing");
        } finally {
            server.stop(0);
        }
    }

    /** The reference's patterns (but push) behind a bearer token: a request without it is refused 401. */
    @Test
    void aServerBehindABearerTokenPassesWithTheHeaderAndTheTokenIsNowhereInTheReport() throws IOException {
        String token = "s3cr3t-token-" + Long.toHexString(System.nanoTime());
        try (Jobs jobs = new Jobs(LongPollingLimits.DEFAULT);
             JournalQueueStore queues = JournalQueueStore.inMemory();
             dev.commtck.reference.http.HttpServer server = dev.commtck.reference.http.HttpServer.start("127.0.0.1", 0,
                     ReferenceServer.MAX_PAYLOAD_BYTES, 1, behindBearerToken("Bearer " + token, new Routes().register(
                             new HelloService(), new BitcoinService(), new LongPollingService(jobs), new EventStreamService(),
                             new QueueService(queues), new TopicService())))) {
            String uri = "http://127.0.0.1:" + server.port();
            Path out = dir.resolve("report");
            Cli refused = Cli.run("run", "--target", uri, "--patterns", "request-response", "--out", out.toString());
            assertEquals(ExitCodes.NONCONFORMING, refused.exit(), "without the token the server refuses: " + refused);

            Cli cli = Cli.run("run", "--target", uri, "--patterns",
                    "request-response,short-polling,long-polling,sse,message-queue,pub-sub",
                    "-H", "Authorization: Bearer " + token, "--out", out.toString());
            assertEquals(ExitCodes.CONFORMING, cli.exit(), cli::toString);
            assertFalse(cli.out().contains(token) || cli.err().contains(token), "the token is not printed");
            String report = allText(out);
            assertFalse(report.contains(token), "the token appears nowhere under --out");
            assertTrue(report.contains("Authorization: [redacted]"), "the header was sent, and recorded masked");
        }
    }

    /** A server on the JDK's own HTTP server, on a free port, whose one handler answers every request. */
    private static HttpServer jdkServer(HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", handler);
        server.start();
        return server;
    }

    private static int port(HttpServer server) {
        return server.getAddress().getPort();
    }

    /** A user's request-response (spec/request-response.md) at {@value #HELLO}, and 404 elsewhere. */
    private static void helloUnderApi(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!exchange.getRequestURI().getPath().equals(HELLO)) {
            send(exchange, 404, "Not Found");
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "GET" -> send(exchange, 200, "world");
            case "POST" -> send(exchange, 200, HelloService.answer(new String(body, StandardCharsets.UTF_8)));
            case "HEAD" -> {
                exchange.getResponseHeaders().set("Content-Type", TEXT);
                exchange.getResponseHeaders().set("Content-Length", "5"); // the GET's; the server sends no body to HEAD
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            }
            default -> {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD, POST");
                exchange.sendResponseHeaders(405, -1);
                exchange.close();
            }
        }
    }

    /** A text answer; an empty one without a body (length 0 would make the JDK's server send a chunked one). */
    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", TEXT);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (exchange) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** {@code patterns} behind a bearer token: a request whose {@code Authorization} is not {@code credentials} is refused 401. */
    private static Routes behindBearerToken(String credentials, Routes patterns) {
        return new Routes().any((req, res) -> {
            if (req.header("Authorization").filter(credentials::equals).isEmpty()) {
                res.status(Status.UNAUTHORIZED).send("a bearer token is needed");
                return;
            }
            Routes.Match route = patterns.match(req.method(), req.path());
            route.handler().handle(new Routed(req, route.parameters()), res);
        });
    }

    /** A request as the route it is handed on to reads it: with the values of that route's path parameters. */
    private record Routed(Request req, Map<String, String> parameters) implements Request {
        @Override
        public String method() {
            return req.method();
        }

        @Override
        public String path() {
            return req.path();
        }

        @Override
        public String pathParameter(String name) {
            return parameters.get(name);
        }

        @Override
        public Optional<String> query(String name) {
            return req.query(name);
        }

        @Override
        public Optional<String> header(String name) {
            return req.header(name);
        }

        @Override
        public List<String> headers(String name) {
            return req.headers(name);
        }

        @Override
        public byte[] body() {
            return req.body();
        }

        @Override
        public List<byte[]> bodyPieces() {
            return req.bodyPieces();
        }

        @Override
        public String client() {
            return req.client();
        }
    }

    /** Every file under a folder, as one text (bytes as ISO-8859-1, so that nothing is lost to decoding). */
    static String allText(Path folder) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                sb.append(Files.readString(f, StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return sb.toString();
    }
}
