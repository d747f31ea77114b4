package dev.commtck.tck.messagequeue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.tck.messagequeue.History.Ack;
import dev.commtck.tck.messagequeue.History.Delivered;
import dev.commtck.tck.messagequeue.History.Send;
import dev.commtck.tck.messagequeue.HistoryChecker.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker blames the server for what the recorded times make certain, and for nothing else. Times below are
 * milliseconds; the lease asked for is {@link #V} and the redelivery tolerance {@link #R}. (Named *Tests, not *Test:
 * that suffix marks the conformance suites the runner and the traceability check discover.)
 */
class HistoryCheckerTests {

    static final long V = 1000;
    static final long R = 500;
    static final int MAX_DELIVERIES = 5;

    private final History history = new History("q");

    private static long ms(long millis) {
        return millis * 1_000_000;
    }

    private void sent(String body, long at) {
        history.sent(new Send("producer", body, ms(at), ms(at + 1), 201, "id-" + body, null));
    }

    private Delivered delivered(String who, String body, int count, long start, long end) {
        return history.delivered(who, new Delivery("id-" + body, body, body + "." + count, count), ms(start), ms(end));
    }

    private void acked(Delivered d, long start, long end, int status) {
        history.acked(new Ack(d.who(), d, ms(start), ms(end), status, null));
    }

    private HistoryChecker checker() {
        return new HistoryChecker(history, ms(V), ms(R), MAX_DELIVERIES);
    }

    @Test
    void aCleanHistoryBreaksNothing() {
        sent("a", 0);
        Delivered first = delivered("vanishing", "a", 1, 2, 3); // never acknowledged: its lease ends at +1002 at the latest
        Delivered again = delivered("consumer", "a", 2, 1010, 1020);
        acked(again, 1021, 1022, 204);
        acked(first, 2600, 2601, 409); // a late acknowledgement, refused
        HistoryChecker c = checker();
        assertEquals(List.of(), c.lost());
        assertEquals(List.of(), c.overlappingLeases());
        assertEquals(List.of(), c.ackViolations());
        assertEquals(List.of(), c.staleAcksAccepted());
        assertEquals(List.of(), c.unexpected());
    }

    @Test
    void aStoredMessageNeverAcknowledgedIsLostUnlessItMayHaveBeenDeadLettered() {
        sent("never delivered", 0);
        sent("delivered once", 0);
        delivered("vanishing", "delivered once", 1, 2, 3);
        sent("exhausted", 0);
        for (int n = 1; n <= MAX_DELIVERIES; n++) {
            delivered("consumer", "exhausted", n, n * 2000, n * 2000 + 1);
        }
        history.sent(new Send("producer", "refused", 0, 1, 503, null, null));
        List<String> lost = checker().lost().stream().map(f -> f.message().body()).toList();
        assertEquals(List.of("never delivered", "delivered once"), lost);
    }

    @Test
    void twoDeliveriesWithinOneLeaseOverlap() {
        sent("a", 0);
        delivered("consumer-1", "a", 1, 10, 20);
        delivered("consumer-2", "a", 1, 12, 25);
        List<Finding> found = checker().overlappingLeases();
        assertEquals(1, found.size());
        assertTrue(found.get(0).why().contains("consumer-1") && found.get(0).why().contains("consumer-2"), found.get(0).why());
    }

    @Test
    void aDeliveryAfterTheLeaseOrAfterItsAcknowledgementDoesNotOverlap() {
        sent("a", 0);
        delivered("consumer-1", "a", 1, 10, 20);
        delivered("consumer-2", "a", 2, 1000, 1015); // answered after +1010: the first lease may have ended
        sent("b", 0);
        Delivered first = delivered("consumer-1", "b", 1, 10, 20);
        acked(first, 21, 22, 204);
        delivered("consumer-2", "b", 2, 21, 30); // sent before the ack was answered: not certainly after it
        assertEquals(List.of(), checker().overlappingLeases());
        assertEquals(List.of(), checker().ackViolations());
    }

    @Test
    void aDeliveryAfterAnAcceptedAcknowledgementBreaksTheAck() {
        sent("a", 0);
        Delivered d = delivered("consumer-1", "a", 1, 10, 20);
        acked(d, 21, 22, 204);
        delivered("consumer-2", "a", 2, 1500, 1501);
        List<Finding> found = checker().ackViolations();
        assertEquals(1, found.size());
        assertTrue(found.get(0).why().contains("after consumer-1's acknowledgement"), found.get(0).why());
    }

    @Test
    void aRefusedAcknowledgementOfARunningLeaseBreaksTheAckButALateOneDoesNot() {
        sent("early", 0);
        Delivered e = delivered("consumer-1", "early", 1, 10, 20);
        acked(e, 21, 22, 409);
        sent("late", 0);
        Delivered l = delivered("consumer-1", "late", 1, 10, 20);
        acked(l, 1005, 1011, 409); // answered after +1010, when the lease may have ended
        List<String> found = checker().ackViolations().stream().map(f -> f.message().body()).toList();
        assertEquals(List.of("early"), found);
    }

    @Test
    void anAcknowledgementAcceptedAfterItsLeaseOrAfterARedeliveryIsStale() {
        sent("expired", 0);
        Delivered x = delivered("late-acker", "expired", 1, 10, 20);
        acked(x, 20 + V + R + 1, 20 + V + R + 2, 204);
        sent("taken over", 0);
        Delivered a = delivered("consumer-1", "taken over", 1, 10, 20);
        delivered("consumer-2", "taken over", 2, 1015, 1016);
        acked(a, 1017, 1018, 204);
        sent("just late", 0);
        Delivered j = delivered("consumer-1", "just late", 1, 10, 20);
        acked(j, 20 + V + R - 1, 20 + V + R, 204); // within the redelivery tolerance: not certain
        List<String> found = checker().staleAcksAccepted().stream().map(f -> f.message().body()).toList();
        assertEquals(List.of("expired", "taken over"), found);
    }

    @Test
    void aDeliveryOfSomethingNeverSentIsUnexpected() {
        sent("a", 0);
        delivered("consumer-1", "from another queue", 1, 10, 20);
        List<Finding> found = checker().unexpected();
        assertEquals(1, found.size());
        assertEquals("from another queue", found.get(0).message().body());
    }

    @Test
    void aMessageHistoryNamesWhoDidWhatWhenWithWhichReceipt() {
        sent("a", 0);
        Delivered d = delivered("consumer-3", "a", 1, 10, 20);
        acked(d, 21, 22, 204);
        String text = history.messages().get("a").render();
        assertTrue(text.contains("+0.0 → +1.0 ms  producer send → 201, id id-a"), text);
        assertTrue(text.contains("+10.0 → +20.0 ms  consumer-3 receive → delivery 1, id id-a, receipt a.1"), text);
        assertTrue(text.contains("+21.0 → +22.0 ms  consumer-3 ack a.1 → 204"), text);
    }

    @Test
    void aDeliveryUnderAnIdNoSendWasAnsweredWithIsUnexpected() {
        sent("copied", 0);
        history.delivered("consumer", new Delivery("id-of-a-copy", "copied", "copy.1", 1), ms(10), ms(11));
        sent("unanswered", 0);
        history.sent(new Send("producer", "unanswered", ms(2), ms(3), 0, null, "timed out"));
        history.delivered("consumer", new Delivery("some-id", "unanswered", "u.1", 1), ms(10), ms(11));
        List<String> unexpected = checker().unexpected().stream().map(f -> f.message().body()).toList();
        assertEquals(List.of("copied"), unexpected, "a send without an answer may have stored its message under any id");
    }

    @Test
    void aRestartMayEndTheLeasesRunningWhenItBegan() {
        sent("a", 0);
        Delivered before = delivered("crashed", "a", 1, 10, 20); // its lease would run until +1010
        history.restarted(ms(100), ms(400));
        Delivered after = delivered("after-restart", "a", 2, 500, 510);
        acked(after, 511, 512, 204);
        acked(before, 600, 601, 409); // refused: its lease ended with the restart, as it may
        HistoryChecker c = checker();
        assertEquals(List.of(), c.overlappingLeases());
        assertEquals(List.of(), c.ackViolations());
    }

    @Test
    void withoutARestartTheSameHistoryBreaksTheLease() {
        sent("a", 0);
        delivered("consumer-1", "a", 1, 10, 20);
        Delivered during = delivered("consumer-2", "a", 2, 500, 510);
        acked(during, 511, 512, 204);
        assertEquals(1, checker().overlappingLeases().size());
    }
}
