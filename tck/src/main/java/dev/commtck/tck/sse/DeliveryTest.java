package dev.commtck.tck.sse;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.Events;
import dev.commtck.tck.support.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Events on cue: the trigger, and each event reaching every stream promptly, compressed or not. */
@ConformanceSuite(Pattern.SSE)
@DisplayName("sse: delivery")
class DeliveryTest {

    static final int DELIVERY_EVENTS = 5;
    static final int COMPRESSED_EVENTS = 3;
    static final int FANOUT_STREAMS = 20;
    static final int FANOUT_EVENTS = 20;
    /** How the bodies the trigger must refuse begin. */
    static final String REFUSED = "commtck " + Trigger.RUN + " refused trigger";

    @Test
    @Verifies("SSE-TRIGGER-1")
    @DisplayName("a POST to the trigger is answered at once, 2xx, with the event's id, whatever its Content-Type")
    void triggerIsAnsweredWithTheId(Target target) {
        long fast = target.tolerances().fast().toMillis();
        List<Request> triggers = List.of(
                Trigger.request(target, "commtck trigger check"),
                Trigger.request(target, "two lines,\nnon-ASCII: Grüße"),
                Trigger.request(target, "x".repeat(PayloadTest.LARGEST_PAYLOAD)),
                Trigger.request(target, "application/octet-stream", utf8("commtck trigger check, sent as octets")),
                Trigger.request(target, "application/json", utf8("{\"commtck\": \"a trigger sent as JSON\"}")),
                Trigger.request(target, null, utf8("commtck trigger check, sent without Content-Type")));
        for (Request trigger : triggers) {
            Exchange ex = target.http().send(trigger);
            Expect.that(ex.status() / 100 == 2, "a 2xx status to a UTF-8 payload with "
                    + trigger.headers().getOrDefault("Content-Type", "no Content-Type"), "the status was " + ex.status(), ex);
            Expect.that(ex.bodyText().strip().matches("[0-9]+"), "the event's id (a decimal integer) as the body",
                    "the body was " + Text.quoteBytes(ex.body()), ex);
            Expect.that(ex.elapsedMs() <= fast, "the answer within " + fast + " ms (tolerance 'fast')",
                    "it took " + ex.elapsedMs() + " ms", ex);
        }
    }

    /** Bodies the trigger must refuse, each opening with {@link #REFUSED} so that an event it caused would show. */
    private static Map<String, byte[]> refusedBodies() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("ISO-8859-1 text (Grüße)", refused("Grüße".getBytes(StandardCharsets.ISO_8859_1)));
        bodies.put("a lone continuation byte", refused(new byte[] {(byte) 0x80}));
        bodies.put("a 3-byte sequence cut short at the end", refused(new byte[] {(byte) 0xE4, (byte) 0xB8}));
        bodies.put("an overlong encoding of /", refused(new byte[] {(byte) 0xC0, (byte) 0xAF}));
        bodies.put("an encoded surrogate", refused(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
        bodies.put("the byte FF", refused(new byte[] {(byte) 0xFF}));
        return bodies;
    }

    private static byte[] refused(byte[] tail) {
        byte[] head = utf8(REFUSED + " ");
        byte[] body = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, body, head.length, tail.length);
        return body;
    }

    @Test
    @Verifies("SSE-TRIGGER-2")
    @DisplayName("a trigger body that is not UTF-8 is refused 400, one over 64 KiB 413, and neither causes an event")
    void malformedOrOversizeTriggerIsRefused(Target target) {
        EventStream s = Streams.open(target);
        List<Exchange> wrong = new ArrayList<>();
        List<String> why = new ArrayList<>();
        Map<String, byte[]> notUtf8 = refusedBodies();
        notUtf8.forEach((what, body) -> {
            Exchange ex = target.http().send(Trigger.request(target, "text/plain; charset=utf-8", body));
            if (ex.status() != 400) {
                wrong.add(ex);
                why.add(what + " was answered " + ex.status() + " instead of 400");
            }
        });
        byte[] oversize = refused(utf8("x".repeat(PayloadTest.LARGEST_PAYLOAD + 1 - refused(new byte[0]).length)));
        Exchange large = target.http().send(Trigger.request(target, "text/plain; charset=utf-8", oversize));
        if (large.status() != 413) {
            wrong.add(large);
            why.add("a body of " + oversize.length + " bytes was answered " + large.status() + " instead of 413");
        }
        Expect.that(wrong.isEmpty(), "400 to each of " + notUtf8.size() + " bodies that are not UTF-8, and 413 to a"
                        + " body of " + (PayloadTest.LARGEST_PAYLOAD + 1) + " bytes (64 KiB and one)",
                String.join("; ", why), wrong.toArray(Exchange[]::new));
        Trigger after = Trigger.send(target, Trigger.payload("after the refused triggers", 1, 1));
        Streams.awaitCaused(target, s, after);
        List<SseEvent> caused = s.events().stream().takeWhile(e -> !after.caused(e))
                .filter(e -> e.data().startsWith(REFUSED)).toList();
        Streams.expect(caused.isEmpty(), "no event caused by a refused trigger", "the stream carried "
                + Events.describe(caused), s);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Verifies("SSE-DELIVERY-1")
    @DisplayName("5 events each arrive whole within 'wake' of their trigger, on a stream that stays open")
    void eachEventArrivesPromptly(Target target) {
        EventStream s = Streams.open(target);
        for (int i = 1; i <= DELIVERY_EVENTS; i++) {
            Trigger t = Trigger.send(target, Trigger.payload("delivery", i, DELIVERY_EVENTS));
            SseEvent e = Streams.awaitCaused(target, s, t);
            Streams.expect(s.isOpen(), "the response still open after event " + i,
                    "it ended: " + s.ending().orElse(""), s);
            target.evidence().note("event " + t.id() + " arrived " + (e.arrivalMs() - t.sentMs()) + " ms after its trigger");
        }
    }

    @Test
    @Verifies("SSE-COMPRESS-1")
    @DisplayName("with Accept-Encoding: gzip, br each event still arrives within 'wake' of its trigger")
    void compressionDoesNotHoldEventsBack(Target target) {
        EventStream s = Streams.open(target, "Accept-Encoding", "gzip, br");
        long wake = target.tolerances().wake().toMillis();
        target.evidence().note(s.contentCoding().isEmpty() ? "the server sent the stream without content coding"
                : "the server sent the stream with Content-Encoding: " + s.contentCoding()
                        + (s.decodable() ? "" : "; the kit cannot decode it and checks that coded bytes arrive after each trigger"));
        for (int i = 1; i <= COMPRESSED_EVENTS; i++) {
            Trigger t = Trigger.send(target, Trigger.payload("compressed", i, COMPRESSED_EVENTS));
            if (s.decodable()) {
                Streams.awaitCaused(target, s, t);
            } else {
                long after = t.sentMs();
                Streams.expect(s.awaitUntil(st -> st.chunks().stream().anyMatch(c -> c.arrivalMs() >= after),
                                after + wake),
                        "coded bytes within " + wake + " ms of trigger " + i + " (tolerance 'wake'), as the compressor is"
                                + " flushed after each event", "none came", s);
            }
        }
    }

    @Test
    @Verifies("SSE-FANOUT-1")
    @DisplayName("20 streams open at once each get all of 20 events, in order")
    void everyStreamGetsEveryEventInOrder(Target target) {
        List<EventStream> streams = new ArrayList<>();
        for (int i = 0; i < FANOUT_STREAMS; i++) {
            streams.add(Streams.open(target));
        }
        List<Trigger> triggers = Trigger.send(target, FANOUT_EVENTS, "fan-out");
        long deadline = triggers.get(triggers.size() - 1).sentMs() + target.tolerances().wake().toMillis();
        List<String> expected = triggers.stream().map(Trigger::id).toList();
        for (int i = 0; i < streams.size(); i++) {
            EventStream s = streams.get(i);
            s.awaitUntil(st -> Streams.causedBy(triggers, st).size() >= triggers.size(), deadline);
            List<String> got = Streams.causedBy(triggers, s).stream().map(SseEvent::lastEventId).toList();
            Streams.expect(got.equals(expected), "stream " + (i + 1) + " of " + FANOUT_STREAMS + " to get all "
                            + FANOUT_EVENTS + " events, ids " + expected + ", in that order, by +" + deadline + " ms",
                    "it got " + got.size() + ": " + got, s);
        }
    }
}
