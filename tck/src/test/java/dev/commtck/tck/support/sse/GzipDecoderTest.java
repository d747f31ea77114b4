package dev.commtck.tck.support.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipDecoderTest {

    @Test
    void whatASyncFlushPushedOutIsDecodedAtOnce() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        GZIPOutputStream gzip = new GZIPOutputStream(wire, true);
        GzipDecoder decoder = new GzipDecoder();
        int fed = 0; // the member header went out when the stream was created, with the first event
        for (int i = 0; i < 5; i++) {
            byte[] event = ("id: " + i + "\ndata: event " + i + "\n\n").getBytes(StandardCharsets.UTF_8);
            gzip.write(event);
            gzip.flush();
            byte[] sent = wire.toByteArray();
            assertArrayEquals(event, decoder.decode(sent, fed, sent.length - fed), "event " + i);
            fed = sent.length;
        }
    }

    @Test
    void anyChunkingGivesTheSameBytesAndMembersFollowOneAnother() throws IOException {
        byte[] text = new byte[200_000];
        new Random(9).nextBytes(text);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int member = 0; member < 2; member++) {
            try (GZIPOutputStream gzip = new GZIPOutputStream(wire)) {
                gzip.write(text);
            }
        }
        byte[] sent = wire.toByteArray();
        Random cuts = new Random(17);
        GzipDecoder decoder = new GzipDecoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < sent.length; ) {
            int n = Math.min(sent.length - i, 1 + cuts.nextInt(700));
            out.writeBytes(decoder.decode(sent, i, n));
            i += n;
        }
        assertEquals(2 * text.length, out.size());
    }

    @Test
    void aBodyThatIsNotGzipIsRefused() {
        byte[] plain = "data: x\n\n".getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> new GzipDecoder().decode(plain, 0, plain.length));
    }
}
