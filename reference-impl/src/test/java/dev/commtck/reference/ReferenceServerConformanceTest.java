package dev.commtck.reference;

import dev.commtck.tck.TckSettings;
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
 * process of its own (mutants' MessageQueueRestartTest).
 */
@Suite
@SuiteDisplayName("reference server conformance")
@SelectPackages("dev.commtck.tck")
@ConfigurationParameter(key = TckSettings.STRICT, value = "true")
@ConfigurationParameter(key = TckSettings.CAPABILITY + "message-queue.fifo", value = "true")
class ReferenceServerConformanceTest {

    private static ReferenceServer server;

    @BeforeSuite
    static void startServer() {
        server = ReferenceServer.start("127.0.0.1", 0);
        System.setProperty(TckSettings.TARGET, server.uri().toString());
    }

    @AfterSuite
    static void stopServer() {
        System.clearProperty(TckSettings.TARGET);
        server.close();
    }
}
