package example;

import java.io.IOException;
import org.junit.platform.suite.api.AfterSuite;
import org.junit.platform.suite.api.BeforeSuite;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The CommTCK request-response suite against this project's own server, in its own build. */
@Suite
@SelectPackages("dev.commtck.tck.requestresponse")     // or dev.commtck.tck for every pattern
class HelloServerConformanceTest {

    static HelloServer server;

    @BeforeSuite
    static void start() throws IOException {
        server = HelloServer.start(0);
        System.setProperty("commtck.target", "http://127.0.0.1:" + server.port());
    }

    @AfterSuite
    static void stop() {
        server.close();
    }
}
