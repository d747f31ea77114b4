package dev.commtck.examples.common;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueuesTest {

    private final Queues.MessageQueue queue = queue();

    private static Queues.MessageQueue queue() {
        try {
            return new Queues().queue("q");
        } catch (Invalid e) {
            throw new AssertionError(e);
        }
    }

    private static Queues.Receive receive(long visibilityMs, long waitMs) {
        return new Queues.Receive(10, visibilityMs, waitMs);
    }

    @Test
    void aLeasedMessageIsNotDeliveredAgainUntilItsLeaseEnds() throws Exception {
        queue.send("hello");
        List<Queues.Delivery> first = queue.receive(receive(200, 0)).get();
        assertEquals(1, first.size());
        assertEquals(1, first.get(0).deliveryCount());
        assertEquals(List.of(), queue.receive(receive(200, 0)).get());
        List<Queues.Delivery> again = queue.receive(receive(200, 1000)).get(2, TimeUnit.SECONDS);
        assertEquals(2, again.get(0).deliveryCount());
        assertEquals(Queues.Ack.STALE, queue.acknowledge(first.get(0).receipt()));
        assertEquals(Queues.Ack.DELETED, queue.acknowledge(again.get(0).receipt()));
        assertEquals(Queues.Ack.UNKNOWN, queue.acknowledge(again.get(0).receipt()));
    }

    @Test
    void anAcknowledgementAfterTheLeaseRanOutIsStale() throws Exception {
        queue.send("hello");
        Queues.Delivery delivery = queue.receive(receive(100, 0)).get().get(0);
        Thread.sleep(150);
        assertEquals(Queues.Ack.STALE, queue.acknowledge(delivery.receipt()));
    }

    @Test
    void aWaitingReceiveIsAnsweredByASend() throws Exception {
        var waiting = queue.receive(receive(30_000, 5_000));
        String id = queue.send("late");
        assertEquals(id, waiting.get(1, TimeUnit.SECONDS).get(0).id());
    }

    @Test
    void aWaitThatPassesIsAnsweredEmptyAndLeasesNothing() throws Exception {
        var waiting = queue.receive(receive(30_000, 100));
        assertEquals(List.of(), waiting.get(1, TimeUnit.SECONDS));
        queue.send("after");
        assertEquals(1, queue.receive(receive(30_000, 0)).get().get(0).deliveryCount());
    }

    @Test
    void aCancelledWaitLeasesNothing() throws Exception {
        queue.receive(receive(30_000, 5_000)).cancel(false);
        queue.send("kept");
        assertEquals(1, queue.receive(receive(30_000, 0)).get().size());
    }

    @Test
    void parametersOutsideTheirValuesAreRefused() throws Invalid {
        assertEquals(new Queues.Receive(1, 30_000, 0), Queues.Receive.of(null, null, null));
        for (String[] bad : new String[][] {{"0", null, null}, {"11", null, null}, {null, "99", null},
                {null, "-1", null}, {null, null, "20001"}, {"x", null, null}}) {
            Invalid refused = assertThrows(Invalid.class, () -> Queues.Receive.of(bad[0], bad[1], bad[2]));
            assertEquals(400, refused.status());
        }
    }

    @Test
    void namesFollowTheRule() {
        assertThrows(Invalid.class, () -> new Queues().queue("a".repeat(81)));
        assertThrows(Invalid.class, () -> new Queues().queue("a.b"));
        assertDoesNotThrow(() -> new Queues().queue("a".repeat(80)));
    }
}
