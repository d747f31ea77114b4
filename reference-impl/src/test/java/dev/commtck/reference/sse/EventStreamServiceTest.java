package dev.commtck.reference.sse;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.reference.ReferenceServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reference's event streams under conditions the TCK does not create: a client that stops reading, a server that
 * stops while thousands of streams are open, and bad input.
 */
class EventStreamServiceTest {

    private static final byte[] STREAM_REQUEST = "GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final List<Socket> sockets = new ArrayList<>();
    private ReferenceServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSlowReaderIsCutOffWithALogLineAndDelaysNoOne() throws Exception {
        EventHub hub = new EventHub(EventHub.DEFAULT_HISTORY, 256 * 1024);
        server = ReferenceServer.start("127.0.0.1", 0, routing -> routing.register(new EventStreamService(hub)));
        List<String> log = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(EventHub.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                log.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            Socket slow = stream(4096); // reads its head, then nothing more
            AtomicLong fastBytes = new AtomicLong();
            Socket fast = stream(64 * 1024);
            Thread reader = Thread.ofVirtual().start(() -> drain(fast, fastBytes));
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.streams() == 2);

            String payload = "x".repeat(60_000);
            long published = 0;
            long start = System.nanoTime();
            while (hub.streams() == 2 && published < 2_000) {
                hub.publish(payload);
                published++;
                long delivered = published * payload.length();
                // the fast reader keeps up: each event reaches it before the next is published
                await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5)).until(() -> fastBytes.get() >= delivered);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, hub.streams(), "the slow stream is ended once it falls 256 KiB behind");
            assertTrue(ms < 10_000, published + " events took " + ms + " ms to reach the fast reader");
            assertTrue(log.stream().anyMatch(m -> m.contains("slow reader")), "log: " + log);
            assertTrue(closesWithin(slow, Duration.ofSeconds(10)), "the slow reader's connection is closed");
            stream(16 * 1024); // and the server still opens streams
            reader.interrupt();
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void stoppingTheServerEndsItsOpenStreams() throws Exception {
        server = ReferenceServer.start("127.0.0.1", 0);
        for (int i = 0; i < 200; i++) {
            stream(16 * 1024);
        }
        long start = System.nanoTime();
        server.close();
        server = null;
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 5_000, "stopping with 200 open streams took " + ms + " ms");
    }

    @Test
    void badInputAndOtherMethodsAreRefusedWithA4xxAndTheServerStaysHealthy() throws Exception {
        server = ReferenceServer.start("127.0.0.1", 0);
        HttpClient client = HttpClient.newHttpClient();
        URI events = URI.create(server.uri() + EventStreamService.PATH);
        assertEquals(400, post(client, events, new byte[] {(byte) 0xFF, (byte) 0xFE}), "a payload that is not UTF-8");
        assertEquals(413, post(client, events, new byte[EventStreamService.MAX_PAYLOAD_BYTES + 1]), "a payload over 64 KiB");
        for (String heartbeat : List.of("5", "600000", "abc", "", "-1")) {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(events + "?heartbeat=" + heartbeat)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(400, r.statusCode(), "heartbeat=" + heartbeat);
        }
        for (String method : List.of("HEAD", "PUT", "DELETE")) {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(events).method(method, HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, POST", r.headers().firstValue("Allow").orElse(""), method);
        }
        assertEquals(200, post(client, events, "still healthy".getBytes(StandardCharsets.UTF_8)));
    }

    private static int post(HttpClient client, URI uri, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Opens a stream on a raw socket with this receive buffer and reads its head. */
    private Socket stream(int receiveBuffer) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.setReceiveBufferSize(receiveBuffer);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        s.setSoTimeout(5_000);
        s.getOutputStream().write(STREAM_REQUEST);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).contains(": stream open")) {
            head.write(in.read());
        }
        return s;
    }

    /** Reads what the kernel still holds for the socket; true when the connection then ends. */
    private static boolean closesWithin(Socket s, Duration bound) throws IOException {
        s.setSoTimeout((int) bound.toMillis());
        byte[] buffer = new byte[64 * 1024];
        try {
            while (s.getInputStream().read(buffer) > 0) {
                // what was sent before the cut
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    private static void drain(Socket s, AtomicLong count) {
        byte[] buffer = new byte[64 * 1024];
        try {
            s.setSoTimeout(0);
            for (int n = s.getInputStream().read(buffer); n > 0; n = s.getInputStream().read(buffer)) {
                count.addAndGet(n);
            }
        } catch (IOException e) {
            // the test is over
        }
    }
}
