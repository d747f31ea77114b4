package dev.commtck.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commtck.tck.TckSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.platform.suite.api.AfterSuite;
import org.junit.platform.suite.api.BeforeSuite;
import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/**
 * The reference server passes the whole TCK, run the way an implementer runs it in their own build (library mode,
 * README "Embed in your build"): a JUnit suite that selects the TCK's packages and points them at a server it
 * starts. Strict: a SHOULD violation fails this build too. It declares the optional capabilities that cannot be
 * detected from outside (the message queue's FIFO order); durability across a restart is checked with the server in a
 * process of its own (mutants' MessageQueueRestartTest). Afterwards, every conformance test of the run must have left
 * its exchange in the Allure results: a report without evidence is not worth opening.
 */
@Suite
@SuiteDisplayName("reference server conformance")
@SelectPackages("dev.commtck.tck")
@ConfigurationParameter(key = TckSettings.STRICT, value = "true")
@ConfigurationParameter(key = TckSettings.CAPABILITY + "message-queue.fifo", value = "true")
class ReferenceServerConformanceTest {

    private static ReferenceServer server;
    private static long startedAt;

    @BeforeSuite
    static void startServer() {
        startedAt = System.currentTimeMillis();
        server = ReferenceServer.start("127.0.0.1", 0);
        System.setProperty(TckSettings.TARGET, server.uri().toString());
    }

    @AfterSuite
    static void stopServerAndCheckTheEvidence() throws IOException {
        System.clearProperty(TckSettings.TARGET);
        server.close();
        List<String> withoutEvidence = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("allure.results.directory")))) {
            for (Path f : files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                JsonNode result = new ObjectMapper().readTree(f.toFile());
                boolean conformanceTest = result.path("labels").findValuesAsText("name").contains("requirement");
                if (conformanceTest && result.path("start").asLong() >= startedAt) {
                    checked++;
                    if (result.path("steps").isEmpty()) {
                        withoutEvidence.add(result.path("fullName").asText() + " " + result.path("name").asText());
                    }
                }
            }
        }
        if (checked == 0 || !withoutEvidence.isEmpty()) {
            throw new AssertionError(checked == 0 ? "no Allure results of conformance tests were found"
                    : "conformance tests that recorded no exchange in their evidence: " + withoutEvidence);
        }
    }
}
