package dev.commtck.tck.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.RawConnection;
import dev.commtck.tck.support.TimeoutFailure;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The raw client's reading: a frame read whole once it began, messages joined, what went wrong said precisely. (Named
 * *Tests, not *Test: the runner takes the *Test classes of a pattern's package for its conformance suites.)
 */
class RawWebSocketTests {

    private ServerSocket listener;
    private Socket client;
    private Socket server;
    private OutputStream serverOut;

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        server = listener.accept();
        serverOut = server.getOutputStream();
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        server.close();
        listener.close();
    }

    private RawWebSocket ws(Duration frameBound) throws IOException {
        return new RawWebSocket(new RawConnection.Upgraded(client, new BufferedInputStream(client.getInputStream()),
                client.getOutputStream()), new Evidence(), frameBound);
    }

    /** A frame as a server writes it: unmasked. */
    private static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        f.write(payload.length);
        f.writeBytes(payload);
        return f.toByteArray();
    }

    private void serverWrites(byte[]... frames) throws IOException {
        for (byte[] f : frames) {
            serverOut.write(f);
        }
        serverOut.flush();
    }

    @Test
    void aFrameThatBeganBeforeTheDeadlineIsReadWholeThoughItEndsAfterIt() throws Exception {
        RawWebSocket ws = ws(Duration.ofSeconds(5));
        byte[] tick = frame(true, WireFrame.TEXT, "{\"type\":\"tick\"}".getBytes(StandardCharsets.US_ASCII));
        serverWrites(Arrays.copyOf(tick, 1));
        Thread rest = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(300); // the server is slow: the rest comes after the reader's deadline
                serverWrites(Arrays.copyOfRange(tick, 1, tick.length));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        RawWebSocket.Read r = ws.read(Duration.ofMillis(100));
        rest.join();
        assertEquals("{\"type\":\"tick\"}", assertInstanceOf(RawWebSocket.Got.class, r).frame().text());
    }

    @Test
    void aFrameThatStopsHalfwayIsReportedWithWhatCameOfIt() throws Exception {
        RawWebSocket ws = ws(Duration.ofMillis(200));
        serverWrites(frame(true, WireFrame.TEXT, "{\"type\":\"tick\"}".getBytes(StandardCharsets.US_ASCII)));
        assertInstanceOf(RawWebSocket.Got.class, ws.read(Duration.ofSeconds(1)));
        byte[] second = frame(true, WireFrame.TEXT, "0123456789".getBytes(StandardCharsets.US_ASCII));
        serverWrites(Arrays.copyOf(second, 6));
        TimeoutFailure t = assertThrows(TimeoutFailure.class, () -> ws.read(Duration.ofSeconds(1)));
        assertTrue(t.getMessage().contains("frame 2 (TEXT, fin, 10 bytes of payload announced)"), t.getMessage());
        assertTrue(t.getMessage().contains("6 of its 12 bytes"), t.getMessage());
    }

    @Test
    void aHeaderThatStopsHalfwayIsReportedToo() throws Exception {
        RawWebSocket ws = ws(Duration.ofMillis(200));
        serverWrites(new byte[] {(byte) 0x81});
        TimeoutFailure t = assertThrows(TimeoutFailure.class, () -> ws.read(Duration.ofSeconds(1)));
        assertTrue(t.getMessage().contains("frame 1, begun at +"), t.getMessage());
        assertTrue(t.getMessage().contains("1 byte of its header"), t.getMessage());
    }

    @Test
    void fragmentsAreJoinedAsBytesAndAControlFrameBetweenThemComesFirst() throws Exception {
        RawWebSocket ws = ws(Duration.ofSeconds(5));
        byte[] pong = "{\"type\":\"pong\",\"id\":\"\u00fc\"}".getBytes(StandardCharsets.UTF_8);
        int insideTheUmlaut = pong.length - 3;
        serverWrites(frame(false, WireFrame.TEXT, Arrays.copyOf(pong, insideTheUmlaut)),
                frame(true, WireFrame.PING, "between".getBytes(StandardCharsets.US_ASCII)),
                frame(true, WireFrame.CONTINUATION, Arrays.copyOfRange(pong, insideTheUmlaut, pong.length)));
        WireFrame ping = assertInstanceOf(RawWebSocket.Got.class, ws.read(Duration.ofSeconds(1))).frame();
        assertEquals(WireFrame.PING, ping.opcode());
        WireFrame message = assertInstanceOf(RawWebSocket.Got.class, ws.read(Duration.ofSeconds(1))).frame();
        assertEquals(2, message.frames());
        assertTrue(message.is("pong"));
        assertEquals("\u00fc", message.json().path("id").textValue());
        assertEquals(List.of(), ws.framingProblems());
        assertEquals(3, ws.received().size());
    }

    @Test
    void framesThatDoNotFormMessagesAreNotedAndReadPast() throws Exception {
        RawWebSocket ws = ws(Duration.ofSeconds(5));
        serverWrites(frame(true, WireFrame.CONTINUATION, "orphan".getBytes(StandardCharsets.US_ASCII)),
                frame(false, WireFrame.TEXT, "{\"type\":".getBytes(StandardCharsets.US_ASCII)),
                frame(true, WireFrame.TEXT, "{\"type\":\"tick\"}".getBytes(StandardCharsets.US_ASCII)),
                frame(true, WireFrame.TEXT, new byte[] {(byte) 0xc0, (byte) 0xaf}));
        assertTrue(assertInstanceOf(RawWebSocket.Got.class, ws.read(Duration.ofSeconds(1))).frame().is("tick"));
        assertInstanceOf(RawWebSocket.Got.class, ws.read(Duration.ofSeconds(1)));
        List<String> problems = ws.framingProblems();
        assertEquals(3, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("a CONTINUATION frame with no message to continue"), problems::toString);
        assertTrue(problems.get(1).startsWith("a new TEXT frame while a fragmented message was unfinished"), problems::toString);
        assertTrue(problems.get(2).startsWith("a text message that is not valid UTF-8"), problems::toString);
    }

    @Test
    void nothingBeforeTheDeadlineIsQuietAndTheServerClosingIsTheEnd() throws Exception {
        RawWebSocket ws = ws(Duration.ofSeconds(5));
        assertInstanceOf(RawWebSocket.Quiet.class, ws.read(Duration.ofMillis(50)));
        server.shutdownOutput();
        assertInstanceOf(RawWebSocket.Eof.class, ws.read(Duration.ofSeconds(1)));
    }
}
