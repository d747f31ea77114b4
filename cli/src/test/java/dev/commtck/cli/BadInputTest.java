package dev.commtck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.commtck.tck.runner.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input a user can give ends the command at once with exit 2 and one line on standard error that says what
 * is wrong (and, for a misspelt key, what was meant): no stack trace, no usage dump, and the last report untouched.
 */
class BadInputTest {

    @TempDir
    Path dir;
    private Path out;

    @BeforeEach
    void anEarlierReport() throws IOException {
        out = Files.createDirectories(dir.resolve("report"));
        Files.writeString(out.resolve("index.html"), "the last report");
    }

    /** Runs {@code commtck run} with these arguments and returns the one line it printed. */
    private String oneLine(String... args) throws IOException {
        String[] all = new String[args.length + 3];
        all[0] = "run";
        all[1] = "--out";
        all[2] = out.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return oneLineOf(Cli.run(all));
    }

    private String oneLineOf(Cli cli) throws IOException {
        assertEquals(ExitCodes.NOT_EVALUATED, cli.exit(), cli::toString);
        assertEquals(1, cli.errLines().size(), () -> "one line on stderr: " + cli);
        assertEquals("", cli.out(), cli::toString);
        assertEquals("the last report", Files.readString(out.resolve("index.html")), "the earlier report is untouched");
        return cli.errLines().get(0);
    }

    @Test
    void aValueThatDoesNotParse() throws IOException {
        assertEquals("commtck: ERROR setting tolerance.multiplier = 'abc' is not a positive number",
                oneLine("-P", "tolerance.multiplier=abc"));
        assertEquals("commtck: ERROR setting tolerance.multiplier = 'abc' is not a positive number",
                oneLine("--target", "http://127.0.0.1:1", "-P", "tolerance.multiplier=abc"));
        assertEquals("commtck: ERROR setting repeat = 'twice' is not a whole number", oneLine("-P", "repeat=twice"));
    }

    @Test
    void aMisspeltKeyGetsItsSuggestion() throws IOException {
        assertEquals("commtck: ERROR unknown setting 'paths.request-response.helo' (did you mean"
                + " paths.request-response.hello?)", oneLine("-P", "paths.request-response.helo=/api/hello"));
        Path config = dir.resolve("typo.properties");
        Files.writeString(config, "target = http://127.0.0.1:1\ncapability.message-queue.fifoo = true\n");
        assertEquals("commtck: ERROR unknown setting 'capability.message-queue.fifoo' (did you mean"
                + " capability.message-queue.fifo?)", oneLine("--config", config.toString()));
    }

    @Test
    void aParamWithoutAnEqualsSign() throws IOException {
        assertEquals("commtck: ERROR Value for option '--param' (KEY=VALUE) should be in KEY=VALUE format but was"
                + " tolerance.multiplier (see commtck run --help)", oneLine("-P", "tolerance.multiplier"));
    }

    @Test
    void aMissingConfigFile() throws IOException {
        Path missing = dir.resolve("missing.properties");
        assertEquals("commtck: ERROR config file " + missing + " does not exist", oneLine("--config", missing.toString()));
    }

    @Test
    void anOutFolderThatCannotBeWritten() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "");
        assertEquals("commtck: ERROR --out " + file + " is a file, not a folder",
                oneLineOf(Cli.run("run", "--out", file.toString())));
        String below = oneLineOf(Cli.run("run", "--out", file.resolve("below").toString()));
        assertTrue(below.startsWith("commtck: ERROR cannot write the report to " + file.resolve("below") + ": "), below);
    }

    @Test
    void anOutFolderInAFileSystemThatTakesNone() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux's /proc, where no folder can be made");
        assertEquals("commtck: ERROR cannot write the report to /proc/commtck-report: no folder can be made in /proc",
                oneLineOf(Cli.run("run", "--out", "/proc/commtck-report")));
    }

    @Test
    void aPortOutOfRange() throws IOException {
        assertEquals("commtck: ERROR --port must be from 0 to 65535, got 70000", oneLineOf(Cli.run("serve", "--port", "70000")));
    }

    @Test
    void aDatabaseThatCannotBeUsed() throws IOException {
        assertEquals("commtck: ERROR give --data-dir or --database, not both: with a database, the queues are in it",
                oneLineOf(Cli.run("serve", "--port", "0", "--data-dir", dir.toString(), "--database", "jdbc:postgresql:x")));
        assertEquals("commtck: ERROR --database takes a PostgreSQL JDBC URL such as"
                + " jdbc:postgresql://localhost:5432/commtck?user=postgres, got postgres://localhost/commtck",
                oneLineOf(Cli.run("serve", "--port", "0", "--database", "postgres://localhost/commtck")));
        assertTrue(oneLineOf(Cli.run("serve", "--port", "0", "--database", "jdbc:postgresql://127.0.0.1:1/commtck"))
                .startsWith("commtck: ERROR cannot connect to the database jdbc:postgresql://127.0.0.1:1/commtck: "));
    }

    @Test
    void aWaiverFileThatIsNotYaml() throws IOException {
        Path waivers = dir.resolve("waivers.yaml");
        Files.writeString(waivers, "- id: RR-PING-1\n  reason: [unclosed\n  expires: 2030-01-01\n");
        String line = oneLine("--waivers", waivers.toString());
        assertTrue(line.startsWith("commtck: ERROR " + waivers + ":"), line);
        assertTrue(line.contains("not a valid YAML waiver file"), line);
    }

    @Test
    void requirementsTheRunDoesNotCheck() throws IOException {
        assertEquals("commtck: ERROR requirement SP-ETAG-1 is a short-polling requirement, and the run checks"
                + " request-response (add short-polling to --patterns)",
                oneLine("--patterns", "request-response", "--requirements", "SP-ETAG-1"));
        assertTrue(oneLine("--requirements", "LP-LIMIT-1")
                .startsWith("commtck: ERROR requirement LP-LIMIT-1 has no test, as it cannot be checked from outside: "));
        assertEquals("commtck: ERROR unknown requirement 'SP-NOPE-1'", oneLine("--requirements", "SP-NOPE-1"));
    }

    @Test
    void targetsThatAreNotUrls() throws IOException {
        assertEquals("commtck: ERROR target 'localhost:8080' is not an http:// or https:// URL with a host (give a base URL"
                + " such as http://localhost:8080/api, NAME=URL, or reference)", oneLine("--target", "localhost:8080"));
        assertEquals("commtck: ERROR unknown pattern 'rest' (known: request-response, short-polling, long-polling, push,"
                + " sse, message-queue, pub-sub)", oneLine("--patterns", "rest"));
        assertEquals("commtck: ERROR header 'Authorization Bearer x' is not of the form 'Name: value'",
                oneLine("-H", "Authorization Bearer x"));
    }

    @Test
    void nodesThatAreNotUrlsOrDoNotAnswer() throws IOException {
        assertEquals("commtck: ERROR node: target 'localhost:8081' is not an http:// or https:// URL with a host",
                oneLine("--target", "http://127.0.0.1:1", "--node", "localhost:8081"));
        // the embedded reference answers; the node does not, and is named as the node it is
        assertTrue(oneLine("--patterns", "request-response", "--node", "http://127.0.0.1:1")
                .startsWith("commtck: ERROR node 2 http://127.0.0.1:1 is unreachable: "));
    }
}
