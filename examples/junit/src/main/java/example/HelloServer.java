package example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A small request-response server on the JDK's own HTTP server: GET /hello is world, POST ping is pong. */
public final class HelloServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    private HelloServer(HttpServer server) {
        this.server = server;
    }

    public static HelloServer start(int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
        HelloServer s = new HelloServer(http);
        http.createContext("/", s::handle);
        http.setExecutor(s.threads);
        http.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8); // the whole body, before answering
            if (!ex.getRequestURI().getPath().equals("/hello")) {
                answer(ex, 404, "Not Found");
            } else if (ex.getRequestMethod().equals("POST")) {
                answer(ex, 200, body.strip().equals("ping") ? "pong" : "");
            } else {
                answer(ex, 200, "world"); // GET, HEAD and every other method, as the seed does
            }
        }
    }

    private static void answer(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        boolean head = ex.getRequestMethod().equals("HEAD");
        // -1: no body at all (HEAD, or an empty answer); otherwise its exact length
        ex.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.close();
    }
}
