package dev.commtck.reference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a clear 4xx, and the server stays healthy: the reference server's own robustness. */
class BadInputTest {

    @RegisterExtension
    static final RunningReferenceServer server = new RunningReferenceServer();

    /**
     * Only the header section is sent: the server refuses on the declared length, and closes the connection without
     * reading the body, so a client still writing a body that long may see its write fail before it reads the 413.
     */
    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws IOException {
        String status = statusLineOf("POST /hello HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: "
                + (ReferenceServer.MAX_PAYLOAD_BYTES + 1) + "\r\n\r\n");
        assertTrue(status.startsWith("HTTP/1.1 413"), "expected 413, got: " + status);
        assertHealthy();
    }

    @Test
    void aNotificationOverItsLimitOrNotUtf8IsRefusedWith4xx() {
        given().baseUri(server.uri().toString()).contentType("text/plain").body(new byte[64 * 1024 + 1])
                .when().post("/push/notifications").then().statusCode(413);
        given().baseUri(server.uri().toString()).contentType("text/plain").body(new byte[] {(byte) 0xc0, (byte) 0xaf})
                .when().post("/push/notifications").then().statusCode(400);
        given().baseUri(server.uri().toString()).header("Upgrade", "websocket").header("Connection", "Upgrade")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "not sixteen bytes")
                .when().get("/push").then().statusCode(400);
        assertHealthy();
    }

    static Stream<String> malformedRequests() {
        return Stream.of(
                "GARBAGE\r\n\r\n",
                "GET /hello HTTP/9.9\r\nHost: x\r\n\r\n",
                "GET /hello HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
                "POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: -4\r\n\r\nping",
                "POST /hello HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nping\r\n0\r\n\r\n",
                "GET /hello HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(64 * 1024) + "\r\n\r\n");
    }

    @ParameterizedTest
    @MethodSource("malformedRequests")
    void aMalformedRequestGetsA4xxAndTheServerStaysHealthy(String request) throws IOException {
        String status = statusLineOf(request);
        assertTrue(status.matches("HTTP/1\\.1 4\\d\\d.*"), "expected a 4xx status line, got: " + status);
        assertHealthy();
    }

    private static String statusLineOf(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.append((char) b);
            }
            return line.toString().strip();
        }
    }

    private static void assertHealthy() {
        given().baseUri(server.uri().toString()).when().get("/hello")
                .then().statusCode(200).body(equalTo("world"));
    }
}
