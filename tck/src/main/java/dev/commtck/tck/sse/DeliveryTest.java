package dev.commtck.tck.sse;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    @Verifies("SSE-TRIGGER-1")
    @DisplayName("a POST to the trigger is answered at once, 2xx, with the event's id")
    void triggerIsAnsweredWithTheId(Target target) {
        long fast = target.tolerances().fast().toMillis();
        for (String payload : List.of("commtck trigger check", "two lines,\nnon-ASCII: Grüße",
                "x".repeat(PayloadTest.LARGEST_PAYLOAD))) {
            Exchange ex = target.http().send(Trigger.request(target, payload));
            Expect.that(ex.status() / 100 == 2, "a 2xx status", "the status was " + ex.status(), ex);
            Expect.that(ex.bodyText().strip().matches("[0-9]+"), "the event's id (a decimal integer) as the body",
                    "the body was " + Text.quoteBytes(ex.body()), ex);
            Expect.that(ex.elapsedMs() <= fast, "the answer within " + fast + " ms (tolerance 'fast')",
                    "it took " + ex.elapsedMs() + " ms", ex);
        }
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
