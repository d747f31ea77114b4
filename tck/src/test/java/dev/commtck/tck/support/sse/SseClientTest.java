package dev.commtck.tck.support.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.commtck.tck.support.Endpoint;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.TimeoutFailure;
import dev.commtck.tck.support.Tolerances;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a JDK HTTP server whose streams the test writes to piece by piece: events arrive as they are
 * flushed, gzip is inflated as it comes, and no server behaviour (silence, endless bytes, an unknown coding) makes the
 * client wait past its bounds or read without limit.
 */
class SseClientTest {

    private static final String END = "end";

    private final BlockingQueue<String> toSend = new LinkedBlockingQueue<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private HttpServer server;
    private Evidence evidence;
    private SseClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/events", ex -> stream(ex, false));
        server.createContext("/gzip", ex -> stream(ex, true));
        server.createContext("/silent", ex -> await());
        server.createContext("/endless", this::endless);
        server.createContext("/brotli", ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "br");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(new byte[] {0x0b, 0x02, (byte) 0x80});
                out.flush();
                await();
            }
        });
        server.start();
        evidence = new Evidence();
        client = new SseClient(Endpoint.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), Tolerances.DEFAULT, evidence);
    }

    @AfterEach
    void stop() {
        client.close();
        released.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    /** Writes each queued piece as soon as it is queued, flushing after each, until {@link #END}. */
    private void stream(HttpExchange ex, boolean gzip) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        if (gzip) {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        ex.sendResponseHeaders(200, 0);
        OutputStream body = ex.getResponseBody();
        try (OutputStream out = gzip ? new GZIPOutputStream(body, true) : body) {
            out.write(": open\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (String piece = take(); !piece.equals(END); piece = take()) {
                out.write(piece.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private void endless(HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(200, 0);
        byte[] block = ": ".concat("x".repeat(64 * 1024 - 3)).concat("\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = ex.getResponseBody()) {
            while (true) {
                out.write(block); // until the client stops reading and the write fails
            }
        }
    }

    private String take() {
        try {
            String s = toSend.poll(10, TimeUnit.SECONDS);
            return s == null ? END : s;
        } catch (InterruptedException e) {
            return END;
        }
    }

    private void await() {
        try {
            released.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void eventsArriveAsTheyAreFlushedWhileTheResponseStaysOpen() {
        EventStream s = client.open("/events");
        assertEquals(200, s.status());
        toSend.add("id: 1\ndata: one\n");
        assertTrue(s.awaitUntil(st -> st.lines().size() >= 2, evidence.now() + 2000));
        assertTrue(s.events().isEmpty(), "no event before its blank line");
        toSend.add("\n");
        SseEvent first = s.awaitEvent(e -> e.hasId("1"), evidence.now() + 2000).orElseThrow();
        assertEquals("one", first.data());
        assertTrue(s.isOpen());
        toSend.add("data: two\r\n\r\n");
        assertEquals("two", s.awaitEvent(e -> e.data().equals("two"), evidence.now() + 2000).orElseThrow().data());
        s.close();
        assertFalse(s.isOpen());
        assertFalse(s.endedByServer());
        assertTrue(evidence.entries().get(0).title().startsWith("SSE GET /events → 200 text/event-stream"),
                evidence.entries().get(0).title());
        assertTrue(evidence.entries().get(0).attachments().get("transcript").contains("\"data: two\""));
    }

    @Test
    void theLongestSilenceIsMeasuredBetweenArrivals() {
        EventStream s = client.open("/events");
        assertTrue(s.awaitUntil(st -> st.lines().size() == 1, evidence.now() + 5000), "the opening comment");
        s.watchUntil(evidence.now() + 300); // the server writes nothing meanwhile
        toSend.add(": ping\n");
        assertTrue(s.awaitUntil(st -> st.lines().size() >= 2, evidence.now() + 5000));
        long silence = s.longestSilence(s.lines().get(1).arrivalMs());
        assertTrue(silence >= 299 && silence < 5000, "longest silence " + silence + " ms");
    }

    @Test
    void theEndOfTheResponseIsSeen() {
        EventStream s = client.open("/events");
        toSend.add("data: last\n\n");
        toSend.add(END);
        assertFalse(s.watchUntil(evidence.now() + 2000));
        assertTrue(s.endedByServer());
        assertEquals(List.of("last"), s.events().stream().map(SseEvent::data).toList());
        assertTrue(s.ending().orElseThrow().startsWith("the server ended the response"));
    }

    @Test
    void gzipIsInflatedAsItArrives() {
        EventStream s = client.open(Request.get("/gzip").header("Accept-Encoding", "gzip, br"));
        assertEquals("gzip", s.contentCoding());
        assertTrue(s.decodable());
        for (int i = 1; i <= 3; i++) {
            String data = "event " + i + " " + "ü".repeat(i * 1000);
            toSend.add("id: " + i + "\ndata: " + data + "\n\n");
            String id = String.valueOf(i);
            assertEquals(data, s.awaitEvent(e -> e.hasId(id), evidence.now() + 2000).orElseThrow().data(),
                    "event " + i + " decoded before the next was written");
        }
    }

    @Test
    void aCodingTheKitCannotDecodeIsRecordedAsChunks() {
        EventStream s = client.open("/brotli");
        assertFalse(s.decodable());
        assertTrue(s.awaitUntil(st -> !st.chunks().isEmpty(), evidence.now() + 2000));
        assertEquals(3, s.chunks().get(0).codedBytes());
        assertTrue(s.lines().isEmpty());
    }

    @Test
    void aServerThatSendsNoHeadIsAFailureWithinTheBound() {
        long start = evidence.now();
        assertThrows(TimeoutFailure.class, () -> client.open(Request.get("/silent"), Duration.ofMillis(300)));
        long took = evidence.now() - start;
        assertTrue(took < 300 + 1000, "took " + took + " ms");
        assertTrue(evidence.entries().get(0).title().contains("no response head"));
    }

    @Test
    void anEndlessStreamIsReadNoFurtherThanTheLimit() {
        EventStream s = client.open("/endless");
        assertFalse(s.watchUntil(evidence.now() + 10_000), "the kit stops reading");
        assertTrue(s.ending().orElseThrow().contains("stopped reading after " + EventStream.MAX_BYTES));
        assertTrue(s.body().length <= EventStream.MAX_BYTES + 64 * 1024);
    }
}
