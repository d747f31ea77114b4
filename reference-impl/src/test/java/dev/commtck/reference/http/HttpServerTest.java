package dev.commtck.reference.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transport's own promises, which no pattern's checks reach directly: pipelined requests answered in order even
 * when an earlier one is answered later from another thread, HTTP/1.0 keep-alive, {@code Expect: 100-continue}, a
 * request target in absolute form, a badly encoded one refused, a held request told when its client goes away, and a
 * stream's unsent bytes counted.
 */
class HttpServerTest {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: (\\d+)");
    private static final CompletableFuture<Void> HELD_CLIENT_GONE = new CompletableFuture<>();
    private static final CountDownLatch HELD = new CountDownLatch(1);
    private static HttpServer server;

    @BeforeAll
    static void start() {
        Routes routes = new Routes()
                .get("/hello", Handler.onEventLoop((req, res) -> res.send("world")))
                .post("/echo", (req, res) -> res.send(req.body()))
                .get("/later", (req, res) -> CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)
                        .execute(() -> res.send("later")))
                .get("/held", (req, res) -> {
                    res.onClose(() -> HELD_CLIENT_GONE.complete(null));
                    HELD.countDown();
                })
                .get("/items/{id}", (req, res) -> res.send(req.pathParameter("id") + "," + req.query("q").orElse("")));
        server = HttpServer.start("127.0.0.1", 0, 1024, 1, routes);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderEvenWhenTheFirstIsAnsweredLater() throws IOException {
        String answers = exchange("GET /later HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nping"
                + "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals("later|ping|world", bodies(answers), answers);
    }

    @Test
    void anHttp10ClientThatAsksForKeepAliveKeepsItsConnection() throws IOException {
        String answers = exchange("POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi"
                + "GET /hello HTTP/1.0\r\n\r\n");
        assertEquals("hi|world", bodies(answers), answers);
        assertTrue(answers.toLowerCase().contains("connection: keep-alive"), answers);
    }

    @Test
    void aClientThatExpectsContinueIsToldToSendItsBody() throws IOException {
        String answers = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nhi");
        assertTrue(answers.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200"), answers);
    }

    @Test
    void aTargetInAbsoluteFormIsRoutedByItsPathAndPercentDecoded() throws IOException {
        String answers = exchange("GET http://x/items/a%20b?q=%C3%A9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals("a b,é", bodies(answers), answers);
    }

    @Test
    void aBadlyEncodedTargetIsRefusedWith400() throws IOException {
        assertTrue(exchange("GET /items/%zz HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 400"));
        assertTrue(exchange("GET /items/a?q=%zz HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 400"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413WhetherDeclaredOrChunked() throws IOException {
        assertTrue(exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1025\r\n\r\n").startsWith("HTTP/1.1 413"));
        String chunk = "x".repeat(600);
        assertTrue(exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + chunk + "\r\n258\r\n"
                + chunk + "\r\n0\r\n\r\n").startsWith("HTTP/1.1 413"));
    }

    @Test
    void aHeldRequestIsToldWhenItsClientGoesAway() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write("GET /held HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(HELD.await(5, TimeUnit.SECONDS), "the request reached its handler");
        }
        HELD_CLIENT_GONE.get(5, TimeUnit.SECONDS);
    }

    /** Sends {@code requests} on one connection and reads until the server closes it or is silent for a second. */
    private static String exchange(String requests) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(1000);
            s.getOutputStream().write(requests.getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    read.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // silent: everything it had to say has been read
            }
            return read.toString(StandardCharsets.ISO_8859_1); // a character per byte, so that lengths are counts of bytes
        }
    }

    /** The bodies of the responses in {@code answers}, joined with {@code |}. */
    private static String bodies(String answers) {
        StringBuilder bodies = new StringBuilder();
        Matcher length = CONTENT_LENGTH.matcher(answers);
        int from = 0;
        while (length.find(from)) {
            int start = answers.indexOf("\r\n\r\n", length.end()) + 4;
            int end = start + Integer.parseInt(length.group(1));
            byte[] body = answers.substring(start, end).getBytes(StandardCharsets.ISO_8859_1);
            bodies.append(bodies.isEmpty() ? "" : "|").append(new String(body, StandardCharsets.UTF_8));
            from = end;
        }
        return bodies.toString();
    }
}
