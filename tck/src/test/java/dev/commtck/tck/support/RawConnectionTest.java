package dev.commtck.tck.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The raw client against a socket server that answers with bytes the test chooses: what counts as the server's
 * announcement that it closes, and what a connection closed before any answer is called.
 */
class RawConnectionTest {

    private final ExecutorService server = Executors.newVirtualThreadPerTaskExecutor();
    private ServerSocket listener;

    /** A server that reads one request head and answers {@code answer}, then closes the connection. */
    private RawConnection connectionTo(String answer) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.submit(() -> {
            try (Socket s = listener.accept()) {
                RequestHeads.skip(s.getInputStream());
                s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
            }
            return null;
        });
        Endpoint endpoint = Endpoint.of(URI.create("http://127.0.0.1:" + listener.getLocalPort()));
        RawConnection c = RawConnection.open(endpoint, Tolerances.DEFAULT, new Evidence());
        c.send("a request", c.requestHead("GET", "/hello"));
        return c;
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdownNow();
        listener.close();
    }

    @Test
    void anHttp10ResponseWithoutKeepAliveAnnouncesTheClose() throws IOException {
        try (RawConnection c = connectionTo("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nworld")) {
            RawResponse r = c.readResponse(false);
            assertEquals("HTTP/1.0", r.version());
            assertTrue(r.closes());
        }
    }

    @Test
    void anHttp10ResponseWithKeepAliveDoesNotAnnounceIt() throws IOException {
        try (RawConnection c = connectionTo("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 5\r\n\r\nworld")) {
            assertFalse(c.readResponse(false).closes());
        }
    }

    @Test
    void anHttp11ResponseAnnouncesItWithConnectionCloseOnly() throws IOException {
        try (RawConnection c = connectionTo("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nworld")) {
            assertFalse(c.readResponse(false).closes());
        }
        listener.close();
        try (RawConnection c = connectionTo("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nworld")) {
            assertTrue(c.readResponse(false).closes());
        }
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerIsCalledThat() throws IOException {
        try (RawConnection c = connectionTo("")) {
            ConformanceFailure f = assertThrows(ConformanceFailure.class, () -> c.readResponse(false));
            assertTrue(f.getMessage().contains("the server closed the connection without answering"), f.getMessage());
        }
    }
}
