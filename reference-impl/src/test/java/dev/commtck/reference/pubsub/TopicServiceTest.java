package dev.commtck.reference.pubsub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The topics over HTTP, under conditions the TCK does not create: bad input, and thousands of subscribers that leave. */
class TopicServiceTest {

    private ReferenceServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void badInputAndOtherMethodsAreRefusedWithA4xxAndTheServerStaysHealthy() throws Exception {
        server = ReferenceServer.start("127.0.0.1", 0);
        HttpClient client = HttpClient.newHttpClient();
        URI messages = URI.create(server.uri() + "/topics/news/messages");
        assertEquals(400, post(client, messages, new byte[] {(byte) 0xFF, (byte) 0xFE}), "a message that is not UTF-8");
        assertEquals(413, post(client, messages, new byte[64 * 1024 + 1]), "a message over 64 KiB");
        for (String name : List.of("x".repeat(81), "a.b", "a%20b", "%C3%BC")) {
            assertEquals(400, post(client, URI.create(server.uri() + "/topics/" + name + "/messages"), new byte[1]), name);
            assertEquals(400, status(client, URI.create(server.uri() + "/topics/" + name + "/events"), "GET"), name);
        }
        for (String method : List.of("GET", "PUT", "DELETE")) {
            HttpResponse<Void> r = send(client, messages, method);
            assertEquals(405, r.statusCode(), method);
            assertEquals("POST", r.headers().firstValue("Allow").orElse(""), method);
        }
        HttpResponse<Void> r = send(client, URI.create(server.uri() + "/topics/news/events"), "POST");
        assertEquals(405, r.statusCode());
        assertEquals("GET", r.headers().firstValue("Allow").orElse(""));
        assertEquals(200, post(client, messages, "still healthy".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void subscribersThatDisconnectAreReleasedByTheNextPublishes() throws Exception {
        Topics topics = new Topics();
        server = ReferenceServer.start("127.0.0.1", 0, routing -> routing.register(new TopicService(topics)));
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            sockets.add(subscribe("quiet"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.subscriptions() == 2_000);
        for (Socket s : sockets) {
            s.close();
        }
        HttpClient client = HttpClient.newHttpClient();
        URI messages = URI.create(server.uri() + "/topics/quiet/messages");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            post(client, messages, "a write that finds each client gone".getBytes(StandardCharsets.UTF_8));
            return topics.subscriptions() == 0;
        });
    }

    /** Opens a subscription on a raw socket and reads its head. */
    private Socket subscribe(String topic) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        s.setSoTimeout(5_000);
        s.getOutputStream().write(("GET /topics/" + topic + "/events HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).contains(": stream open")) {
            head.write(in.read());
        }
        return s;
    }

    private static int post(HttpClient client, URI uri, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int status(HttpClient client, URI uri, String method) throws Exception {
        return send(client, uri, method).statusCode();
    }

    private static HttpResponse<Void> send(HttpClient client, URI uri, String method) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
