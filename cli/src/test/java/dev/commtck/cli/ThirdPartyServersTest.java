package dev.commtck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.reference.requestresponse.HelloService;
import dev.commtck.tck.runner.ExitCodes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers the kit did not write, as a user brings them: one that implements a single pattern under a path prefix, one
 * that answers 404 everywhere, one behind a bearer token. Each gets what a user should see: the patterns it has
 * checked, the ones it lacks in one line each, one screen when there is nothing to check, and no credential anywhere in
 * the report.
 */
class ThirdPartyServersTest {

    @TempDir
    Path dir;

    @Test
    void aServerOfOnePatternUnderAPrefixPassesAndTheOthersAreOneLineEach() throws IOException {
        WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.register("/api", new HelloService()).any((req, res) -> res.status(Status.NOT_FOUND_404).send()))
                .build().start();
        try {
            Path out = dir.resolve("report");
            Cli cli = Cli.run("run", "--target", "http://127.0.0.1:" + server.port() + "/api", "--out", out.toString());
            assertEquals(ExitCodes.CONFORMING, cli.exit(), cli::toString);
            assertTrue(cli.outLines().size() + cli.errLines().size() < 40, () -> "fewer than 40 lines: " + cli);
            List<String> absent = cli.outLines().stream().filter(l -> l.matches("[a-z-]+ +NOT FOUND .*")).toList();
            assertEquals(6, absent.size(), cli::toString);
            assertTrue(absent.stream().anyMatch(l -> l.startsWith("short-polling ")
                    && l.contains("GET http://127.0.0.1:" + server.port() + "/api/bitcoin → 404 (set paths.short-polling.poll)")), cli::toString);
            assertTrue(cli.out().contains("RR-HEAD-1") && !cli.out().contains("FAIL"), cli::toString);
            String summary = Files.readString(out.resolve("summary.md"));
            assertTrue(summary.startsWith("# CommTCK: CONFORMING\n") && summary.contains("- **NOT FOUND** "
                    + "[short-polling](spec/short-polling.md#contract): GET http://127.0.0.1:" + server.port()
                    + "/api/bitcoin → 404 (set paths.short-polling.poll)"), "summary.md leads with the verdict and has the "
                    + "NOT FOUND lines:\n" + summary);
            String evidence = allText(out.resolve("allure-results"));
            assertTrue(evidence.contains("HEAD /api/hello HTTP/1.1"), "the raw checks' request lines carry the prefix");
            assertFalse(evidence.contains("HEAD /hello HTTP/1.1"), "no raw check left the prefix out");
        } finally {
            server.stop();
        }
    }

    @Test
    void aUsersServerAndTheReferenceAreComparedInOneReportEachWithItsOwnPaths() throws IOException {
        WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.register("/api", new HelloService()).any((req, res) -> res.status(Status.NOT_FOUND_404).send()))
                .build().start();
        try {
            Path out = dir.resolve("report");
            Cli cli = Cli.run("run", "--target", "mine=http://127.0.0.1:" + server.port(), "--target", "ref=reference",
                    "--patterns", "request-response", "-P", "targets.mine.paths.request-response.hello=/api/hello",
                    "--out", out.toString());
            assertEquals(ExitCodes.CONFORMING, cli.exit(), cli::toString);
            assertTrue(cli.outLines().stream().anyMatch(l -> l.matches("REQUIREMENT +LEVEL +mine +ref")), cli::toString);
            assertTrue(Files.exists(out.resolve("targets/mine/allure-results")) && Files.exists(out.resolve("targets/ref/junit-xml")),
                    "each target's results in a folder named after it");
        } finally {
            server.stop();
        }
    }

    @Test
    void aServerThatAnswers404EverywhereEndsTheRunInOneScreen() {
        WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.any((req, res) -> res.status(Status.NOT_FOUND_404).send("Not Found"))).build().start();
        try {
            Cli cli = Cli.run("run", "--target", "http://127.0.0.1:" + server.port(), "--out", dir.resolve("r").toString());
            assertEquals(ExitCodes.NOT_EVALUATED, cli.exit(), cli::toString);
            assertEquals(8, cli.outLines().size() + cli.errLines().size(), cli::toString);
            assertTrue(cli.err().contains("commtck: ERROR found none of the patterns at http://127.0.0.1:" + server.port()),
                    cli::toString);
            assertFalse(Files.exists(dir.resolve("r/index.html")), "no report of a run that checked nothing");
        } finally {
            server.stop();
        }
    }

    @Test
    void aServerBehindABearerTokenPassesWithTheHeaderAndTheTokenIsNowhereInTheReport() throws IOException {
        String token = "s3cr3t-token-" + Long.toHexString(System.nanoTime());
        try (ReferenceServer server = ReferenceServer.start("127.0.0.1", 0, routing -> routing.addFilter((chain, req, res) -> {
            if (req.headers().first(HeaderNames.AUTHORIZATION).filter(("Bearer " + token)::equals).isPresent()) {
                chain.proceed();
            } else {
                res.status(Status.UNAUTHORIZED_401).send("a bearer token is needed");
            }
        }))) {
            Path out = dir.resolve("report");
            Cli refused = Cli.run("run", "--target", server.uri().toString(), "--patterns", "request-response",
                    "--out", out.toString());
            assertEquals(ExitCodes.NONCONFORMING, refused.exit(), "without the token the server refuses: " + refused);

            Cli cli = Cli.run("run", "--target", server.uri().toString(), "--patterns",
                    "request-response,short-polling,long-polling,sse,message-queue,pub-sub",
                    "-H", "Authorization: Bearer " + token, "--out", out.toString());
            assertEquals(ExitCodes.CONFORMING, cli.exit(), cli::toString);
            assertFalse(cli.out().contains(token) || cli.err().contains(token), "the token is not printed");
            String report = allText(out);
            assertFalse(report.contains(token), "the token appears nowhere under --out");
            assertTrue(report.contains("Authorization: [redacted]"), "the header was sent, and recorded masked");
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
