package dev.commtck.tck.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.tck.pubsub.WorkloadChecker.Finding;
import dev.commtck.tck.pubsub.WorkloadRun.Publish;
import dev.commtck.tck.pubsub.WorkloadRun.Subscriber;
import dev.commtck.tck.support.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker blames the server for what the recorded answers and times make certain, and for nothing else. Times are
 * milliseconds. (Named *Tests, not *Test: that suffix marks the conformance suites.)
 */
class WorkloadCheckerTests {

    static final String A = "topic-a";
    static final String B = "topic-A";

    private final List<Publish> publishes = new ArrayList<>();
    private final List<Subscriber> subscribers = new ArrayList<>();

    /** A publish by {@code who} (its {@code order}th), sent at {@code sent} and answered 2 ms later with {@code sequence}. */
    private Publish published(String who, int order, String topic, String message, long sent, long sequence) {
        Publish p = new Publish(who, order, topic, message, sent, sent + 2, sequence, sequence < 0 ? "no answer" : null);
        publishes.add(p);
        return p;
    }

    private static SseEvent event(Publish p, long at) {
        return new SseEvent(SseEvent.DEFAULT_TYPE, p.message(), String.valueOf(p.sequence()), true, at);
    }

    private void subscriber(String name, String topic, SseEvent... events) {
        subscribers.add(new Subscriber(name, topic, 0, List.of(events), null));
    }

    private WorkloadChecker checker() {
        return new WorkloadChecker(new WorkloadRun(List.of(A, B), publishes, subscribers, 100, List.of()));
    }

    @Test
    void aCleanRunBreaksNothingAndHasItsLatencies() {
        Publish a1 = published("p1", 0, A, "a1", 10, 1);
        Publish a2 = published("p2", 0, A, "a2", 11, 2); // concurrent with a1: either number is fine
        Publish b1 = published("p1", 1, B, "b1", 20, 1);
        subscriber("a-1", A, event(a1, 14), event(a2, 15));
        subscriber("b-1", B, new SseEvent("subscribed", "hello", "", false, 1), event(b1, 25));
        WorkloadChecker c = checker();
        assertEquals(List.of(), c.fanOut());
        assertEquals(List.of(), c.order());
        assertEquals(List.of(), c.isolation());
        assertEquals("p50 4 ms, p90 5 ms, p99 5 ms, max 5 ms over 3 deliveries; slowest subscriber: b-1 (p99 5 ms, max 5 ms)",
                c.latency().toString());
    }

    @Test
    void aMissingMessageADuplicateAndAWrongIdAreFanOutFindings() {
        Publish a1 = published("p1", 0, A, "a1", 10, 1);
        published("p1", 1, A, "a2", 20, 2);
        published("p1", 2, A, "a3", 30, 3);
        subscriber("a-1", A, event(a1, 12), event(a1, 13), new SseEvent(SseEvent.DEFAULT_TYPE, "a3", "9", true, 33));
        List<Finding> f = checker().fanOut();
        assertEquals(1, f.size());
        assertTrue(f.get(0).why().contains("missed 1 of the 3"), f.get(0).why());
        assertTrue(f.get(0).why().contains("\"a2\""), f.get(0).why());
        assertTrue(f.get(0).why().contains("\"a1\" (sequence number 1, p1 #1, sent at +10 ms, answered at +12 ms) 2 times"), f.get(0).why());
        assertTrue(f.get(0).why().contains("came with id 9"), f.get(0).why());
    }

    @Test
    void anUnansweredPublishIsNeitherExpectedNorForbidden() {
        Publish maybe = published("p1", 0, A, "maybe", 10, -1);
        subscriber("a-1", A, event(maybe, 12));
        subscriber("a-2", A);
        WorkloadChecker c = checker();
        assertEquals(List.of(), c.fanOut());
        assertEquals(List.of(), c.order());
        assertEquals(List.of(), c.isolation());
    }

    @Test
    void messagesOutOfSequenceOrderAreOrderFindingsAndSoAreAPublishersMessagesOutOfItsOrder() {
        Publish a1 = published("p1", 0, A, "a1", 10, 1);
        Publish a2 = published("p2", 0, A, "a2", 10, 2);
        Publish a3 = published("p1", 1, A, "a3", 30, 3);
        subscriber("a-1", A, event(a2, 15), event(a1, 16), event(a3, 33));
        subscriber("a-2", A, event(a1, 15), event(a3, 33), event(a3, 34)); // a2 missing, a3 twice: the fan-out's business
        List<Finding> f = checker().order();
        assertEquals(1, f.size(), f.toString());
        assertEquals("a-1", f.get(0).who());
        assertTrue(f.get(0).why().contains("received 1 message(s) after one with a greater sequence number"), f.get(0).why());
        assertTrue(f.get(0).why().contains("0 message(s) before an earlier one of the same publisher"), f.get(0).why());

        subscribers.clear();
        subscriber("a-3", A, event(a3, 33), event(a1, 34), event(a2, 35));
        f = checker().order();
        assertTrue(f.get(0).why().contains("1 message(s) before an earlier one of the same publisher"), f.get(0).why());
    }

    @Test
    void aPublishSentAfterAnotherWasAnsweredMustGetTheGreaterNumber() {
        published("p1", 0, A, "first", 10, 5);          // answered at +12
        published("p2", 0, A, "overlapping", 11, 4);    // sent before the first was answered: either order
        published("p2", 1, A, "later", 13, 3);          // sent after +12: must be greater than 5
        List<Finding> f = checker().order();
        assertEquals(1, f.size(), f.toString());
        assertEquals(A, f.get(0).who());
        assertTrue(f.get(0).why().contains("\"later\""), f.get(0).why());
        assertTrue(f.get(0).why().contains("sent after \"first\""), f.get(0).why());
    }

    @Test
    void aMessageOfAnotherTopicOrOneNeverPublishedIsAnIsolationFinding() {
        Publish a1 = published("p1", 0, A, "a1", 10, 1);
        Publish b1 = published("p1", 1, B, "b1", 20, 1);
        subscriber("a-1", A, event(a1, 12), event(b1, 22), new SseEvent(SseEvent.DEFAULT_TYPE, "never", "7", true, 23));
        subscriber("b-1", B, event(b1, 22));
        List<Finding> f = checker().isolation();
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).why().contains("received 2 message(s) not published to its topic"), f.get(0).why());
        assertTrue(f.get(0).why().contains("published to topic-A"), f.get(0).why());
        assertTrue(f.get(0).why().contains("never published"), f.get(0).why());
        assertEquals(List.of(), checker().fanOut());
    }
}
