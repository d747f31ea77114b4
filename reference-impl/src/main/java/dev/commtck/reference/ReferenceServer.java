package dev.commtck.reference;

import dev.commtck.reference.longpolling.LongPollingService;
import dev.commtck.reference.requestresponse.HelloService;
import dev.commtck.reference.shortpolling.BitcoinService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.net.URI;
import java.util.function.Consumer;

/**
 * The reference implementation: one HTTP server (Helidon SE 4, a virtual thread per connection) that implements every
 * pattern of the spec at the seed's default paths. Each pattern is one {@link io.helidon.webserver.http.HttpService}
 * in its own package; anything no pattern claims is answered {@code 404 Not Found}.
 */
public final class ReferenceServer implements AutoCloseable {

    /** Request bodies larger than this are refused with 413. */
    public static final long MAX_PAYLOAD_BYTES = 1 << 20;

    private final WebServer server;

    private ReferenceServer(WebServer server) {
        this.server = server;
    }

    /** Starts on {@code host}:{@code port} (port 0 picks a free one). */
    public static ReferenceServer start(String host, int port) {
        return start(host, port, routing -> { });
    }

    /**
     * Starts with extra routes registered before the reference ones, so that they take precedence: the seam the
     * kit's mutant servers use to replace one behaviour and keep all the others.
     */
    public static ReferenceServer start(String host, int port, Consumer<HttpRouting.Builder> overrides) {
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .maxPayloadSize(MAX_PAYLOAD_BYTES)
                .routing(routing -> {
                    overrides.accept(routing);
                    routing.register(new HelloService(), new BitcoinService());
                    routing.register(new LongPollingService());
                    routing.any(ReferenceServer::notFound);
                })
                .build()
                .start();
        return new ReferenceServer(server);
    }

    private static void notFound(io.helidon.webserver.http.ServerRequest req, io.helidon.webserver.http.ServerResponse res) {
        res.status(Status.NOT_FOUND_404).header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8").send("Not Found");
    }

    public int port() {
        return server.port();
    }

    /** The base URL to point the TCK at. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        server.stop();
    }
}
