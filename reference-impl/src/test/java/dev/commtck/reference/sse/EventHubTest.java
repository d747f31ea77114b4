package dev.commtck.reference.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.commtck.tck.support.sse.SseEvent;
import dev.commtck.tck.support.sse.SseParser;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hub's ids, history and resumption rules, and the frames it writes, read back with the kit's own parser. */
class EventHubTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "a\nb", "a\r\nb", "a\rb", "\n", "\r\n\r\n", " lead", "  two", ":colon",
            "event: x\nid: 99\nretry: 1", "data: nested", "trailing\n", "end\r", "Grüße 世界 🚀", "tab\there"})
    void aFrameReadsBackAsItsPayloadWithLineBreaksAsLf(String payload) {
        List<SseEvent> events = SseParser.parse(EventFrames.event(7, payload));
        assertEquals(1, events.size());
        assertEquals(payload.replace("\r\n", "\n").replace('\r', '\n'), events.get(0).data());
        assertEquals("7", events.get(0).id().orElseThrow());
        assertEquals(SseEvent.DEFAULT_TYPE, events.get(0).type());
    }

    @Test
    void randomPayloadsOfCrLfAndSpacesReadBackExactly() {
        Random random = new Random(2026);
        String alphabet = "ab \r\n:\u00e9";
        for (int i = 0; i < 500; i++) {
            StringBuilder payload = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                payload.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String p = payload.toString();
            assertEquals(p.replace("\r\n", "\n").replace('\r', '\n'), SseParser.parse(EventFrames.event(i, p)).get(0).data(),
                    () -> "payload " + p.replace("\r", "\\r").replace("\n", "\\n"));
        }
    }

    @Test
    void idsIncreaseByOne() {
        EventHub hub = new EventHub();
        assertEquals(List.of(1L, 2L, 3L), LongStream.range(0, 3).map(i -> hub.publish("e" + i)).boxed().toList());
    }

    @Test
    void resumesWhileEveryLaterEventIsInTheHistoryAndSignalsStaleOtherwise() {
        EventHub hub = new EventHub(4, EventHub.DEFAULT_OUTBOX_BYTES);
        for (int i = 1; i <= 10; i++) {
            hub.publish("e" + i); // the history keeps 7..10; 1..6 have left it
        }
        assertEquals(List.of("e7", "e8", "e9", "e10"), startAfter(hub, "6"));
        assertEquals(List.of("e10"), startAfter(hub, "9"));
        assertEquals(List.of(), startAfter(hub, "10"));
        for (String cannot : List.of("5", "0", "11", "99999999999999999999", "abc", "-1", "+7", " 7")) {
            List<SseEvent> start = events(hub, cannot);
            assertEquals(1, start.size(), cannot);
            assertEquals("stale", start.get(0).type(), cannot);
            assertEquals(cannot, start.get(0).data());
        }
    }

    @Test
    void theHistoryIsBoundedInBytesAsWellAsInEventsAndIdsStartAfterTheGivenOne() {
        EventHub hub = new EventHub(EventHub.DEFAULT_HISTORY, 10_000, EventHub.DEFAULT_OUTBOX_BYTES, 40);
        String large = "x".repeat(3_000);
        assertEquals(41L, hub.publish(large));
        for (int i = 0; i < 4; i++) {
            hub.publish(large); // 15,000 bytes of events: 41 and 42 have left the 10,000-byte history
        }
        assertEquals(3, startAfter(hub, "42").size());
        assertEquals("stale", events(hub, "41").get(0).type());
        assertEquals("stale", events(hub, "39").get(0).type()); // before the ids started: not this hub's
        assertEquals(45L, hub.lastId());
    }

    @Test
    void aByteBoundOfTheHistoryCountsPayloadsSoThatHistoryKibKeepsThatManyEventsOfUpTo1KibWhateverTheyHold() {
        EventHub hub = new EventHub(4, 4 * 1024, EventHub.DEFAULT_OUTBOX_BYTES, 0);
        String lineBreaks = "\n".repeat(1024); // 1 KiB of payload, a frame of 7 KiB
        for (int i = 0; i < 5; i++) {
            hub.publish(lineBreaks);
        }
        assertEquals(4, startAfter(hub, "1").size());
        assertEquals("stale", events(hub, "0").get(0).type());
    }

    @Test
    void aStreamWithoutLastEventIdStartsWithNothing() {
        EventHub hub = new EventHub();
        hub.publish("before");
        EventHub.Subscription s = hub.subscribe(Optional.empty(), "test");
        assertEquals(List.of(), s.start());
        s.close();
        assertEquals(0, hub.streams());
    }

    private static List<String> startAfter(EventHub hub, String lastEventId) {
        return events(hub, lastEventId).stream().map(SseEvent::data).toList();
    }

    private static List<SseEvent> events(EventHub hub, String lastEventId) {
        EventHub.Subscription s = hub.subscribe(Optional.of(lastEventId), "test");
        s.close();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.start().forEach(bytes::writeBytes);
        return SseParser.parse(bytes.toByteArray());
    }
}
