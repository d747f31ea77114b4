package dev.commtck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commtck.mutants.Mutants;
import dev.commtck.reference.ReferenceServer;
import dev.commtck.tck.runner.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code commtck run} end to end: repeats, waivers (in force, expired, stale), the report command. */
class RunCommandTest {

    private static ReferenceServer failing;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        failing = Mutants.byId("rr-pong-newline").orElseThrow().start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        failing.close();
    }

    private int run(String... extra) {
        String[] args = new String[extra.length + 7];
        System.arraycopy(new String[] {"run", "--target", failing.uri().toString(), "--patterns", "request-response",
                "--out", dir.resolve("report").toString()}, 0, args, 0, 7);
        System.arraycopy(extra, 0, args, 7, extra.length);
        return CommTck.commandLine().execute(args);
    }

    private Path waivers(String id, LocalDate expires) throws IOException {
        Path f = dir.resolve("waivers.yaml");
        Files.writeString(f, "- id: " + id + "\n  reason: known newline bug\n  expires: " + expires + "\n");
        return f;
    }

    private JsonNode summary() throws IOException {
        return new ObjectMapper().readTree(dir.resolve("report/summary.json").toFile());
    }

    @Test
    void aWaivedFailurePassesTheRunAndTheReportSaysSo() throws IOException {
        assertEquals(ExitCodes.CONFORMING, run("--waivers", waivers("RR-PING-1", LocalDate.now().plusDays(30)).toString()));
        assertEquals("FAIL (waived)", summary().at("/requirements/0/verdict").asText());
    }

    @Test
    void anExpiredWaiverFailsTheRun() throws IOException {
        assertEquals(ExitCodes.NONCONFORMING, run("--waivers", waivers("RR-PING-1", LocalDate.now().minusDays(1)).toString()));
        assertEquals("EXPIRED", summary().at("/run/targets/0/waivers/0/status").asText());
    }

    @Test
    void aStaleWaiverFailsARunThatOtherwisePasses() throws IOException {
        // no --target: the embedded reference server, which passes everything, so only the waiver can fail the run
        int exit = CommTck.commandLine().execute("run", "--patterns", "request-response", "--out", dir.resolve("report").toString(),
                "--waivers", waivers("RR-GET-1", LocalDate.now().plusDays(30)).toString());
        assertEquals(ExitCodes.NONCONFORMING, exit);
        assertEquals("STALE", summary().at("/run/targets/0/waivers/0/status").asText());
    }

    @Test
    void repeatedRunsOfADeterministicServerAgreeAndTheReportCanBeRebuilt() throws IOException {
        assertEquals(ExitCodes.NONCONFORMING, run("--repeat", "3"));
        JsonNode s = summary();
        assertEquals(3, s.at("/run/repeat").asInt());
        s.at("/requirements").forEach(r -> assertTrue(!"FLAKY".equals(r.path("verdict").asText()), r.toString()));
        Files.delete(dir.resolve("report/index.html"));
        Files.delete(dir.resolve("report/allure.html"));
        assertEquals(0, CommTck.commandLine().execute("report", dir.resolve("report").toString()));
        assertTrue(Files.readString(dir.resolve("report/index.html")).contains("NOT CONFORMING"), "the rebuilt verdict page");
        assertTrue(Files.size(dir.resolve("report/allure.html")) > 100_000, "the rebuilt single-file Allure report");
    }
}
