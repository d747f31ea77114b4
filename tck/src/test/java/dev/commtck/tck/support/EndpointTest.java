package dev.commtck.tck.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The JDK's client as the kit sets it up, against servers it is easy to get wrong with. */
class EndpointTest {

    /**
     * An HTTP/1.0 server closes each connection after its answer, here only once the next request has begun to arrive
     * (or a second passed): the JDK's client has pooled the connection and sends the next POST on it, which must be
     * sent again on a new one instead of failing with "header parser received no bytes".
     */
    @Test
    void postsToAnHttp10ServerThatClosesLateAreEachAnswered() throws Exception {
        // the listener closes first, so that the accepting task ends and the executor's close does not wait on it
        try (ExecutorService server = Executors.newVirtualThreadPerTaskExecutor();
             ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.submit(() -> {
                while (true) {
                    Socket s = listener.accept();
                    server.submit(() -> answerOnceThenCloseLate(s));
                }
            });
            Endpoint endpoint = Endpoint.of(URI.create("http://127.0.0.1:" + listener.getLocalPort()));
            try (HttpClient client = endpoint.clientBuilder(Duration.ofSeconds(2)).build()) {
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> r = client.send(endpoint.request(endpoint.withHeaders(Request.post("/hello", "ping")))
                            .timeout(Duration.ofSeconds(5)).POST(java.net.http.HttpRequest.BodyPublishers.ofString("ping"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals("pong", r.body());
                }
            }
        }
    }

    private static Void answerOnceThenCloseLate(Socket s) throws IOException {
        try (s) {
            InputStream in = s.getInputStream();
            if (!RequestHeads.skip(in)) {
                return null;
            }
            in.readNBytes(4); // the body, "ping"
            s.getOutputStream().write("HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\npong".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(1000);
            try {
                in.read(); // the next request on this connection, which HTTP/1.0 does not answer
            } catch (SocketTimeoutException e) {
                // no next request came
            }
        }
        return null;
    }
}
