package dev.commtck.reference;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A reference server on a free port for the tests of one class: {@code @RegisterExtension static final RunningReferenceServer SERVER}. */
public final class RunningReferenceServer implements BeforeAllCallback, AfterAllCallback {

    private ReferenceServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = ReferenceServer.start("127.0.0.1", 0);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    public URI uri() {
        return server.uri();
    }

    public int port() {
        return server.port();
    }
}
