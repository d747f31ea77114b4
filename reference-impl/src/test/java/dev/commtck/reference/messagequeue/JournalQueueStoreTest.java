package dev.commtck.reference.messagequeue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.reference.messagequeue.QueueStore.Delivery;
import dev.commtck.reference.messagequeue.QueueStore.Settlement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference store on its own: atomic leases, what survives a reopen (a torn last write, a rewritten journal and
 * one that could not be rewritten included), waiting receives, dead letters.
 */
class JournalQueueStoreTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> bodies(List<Delivery> deliveries) {
        return deliveries.stream().map(d -> new String(d.body(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void concurrentReceivesNeverShareAMessage() throws Exception {
        int messages = 2000;
        try (JournalQueueStore store = JournalQueueStore.inMemory();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < messages; i++) {
                store.send("q", bytes("m" + i));
            }
            Set<String> seen = ConcurrentHashMap.newKeySet();
            List<String> twice = new ArrayList<>();
            List<Future<?>> consumers = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                consumers.add(threads.submit(() -> {
                    for (List<Delivery> got = store.receive("q", 3, LONG, Duration.ZERO); !got.isEmpty();
                         got = store.receive("q", 3, LONG, Duration.ZERO)) {
                        for (Delivery d : got) {
                            if (!seen.add(d.id())) {
                                synchronized (twice) {
                                    twice.add(d.id());
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : consumers) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), twice);
            assertEquals(messages, seen.size());
        }
    }

    @Test
    void messagesLeasesAndAcknowledgementsSurviveAReopen(@TempDir Path data) throws Exception {
        String leasedReceipt;
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            store.send("q", bytes("acknowledged"));
            store.send("q", bytes("leased"));
            store.send("q", bytes("waiting"));
            Delivery first = store.receive("q", 1, LONG, Duration.ZERO).get(0);
            assertEquals(Settlement.DONE, store.ack("q", first.receipt()));
            leasedReceipt = store.receive("q", 1, LONG, Duration.ZERO).get(0).receipt();
        }
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            List<Delivery> after = store.receive("q", 10, LONG, Duration.ZERO);
            assertEquals(List.of("waiting"), bodies(after));
            assertEquals(Settlement.DONE, store.ack("q", leasedReceipt), "the lease taken before the reopen still runs");
        }
    }

    @Test
    void aTornLastWriteIsDroppedAndTheJournalGoesOnAfterIt(@TempDir Path data) throws Exception {
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            store.send("q", bytes("whole"));
        }
        // a write the machine did not finish: a length and a checksum, and fewer bytes than the length says
        Files.write(data.resolve("queues.journal"), new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 1, 0, 0},
                StandardOpenOption.APPEND);
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            store.send("q", bytes("after"));
        }
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            assertEquals(List.of("whole", "after"), bodies(store.receive("q", 10, LONG, Duration.ZERO)));
        }
    }

    @Test
    void aRewriteThatFailsKeepsTheJournalAndTheStoreGoesOn(@TempDir Path data) throws Exception {
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            store.send("q", bytes("before"));
        }
        // the rewrite's file cannot be made where a directory of its name stands, not empty so that it stays
        Path inTheWay = Files.createDirectories(data.resolve("queues.journal.new").resolve("in-the-way"));
        try (JournalQueueStore store = JournalQueueStore.open(data)) { // opening rewrites the journal: that fails
            store.send("q", bytes("after"));
        }
        Files.delete(inTheWay);
        Files.delete(inTheWay.getParent());
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            assertEquals(List.of("before", "after"), bodies(store.receive("q", 10, LONG, Duration.ZERO)));
        }
    }

    @Test
    void idsAreNotGivenOutTwiceWhenEveryMessageIsGoneBeforeAReopen(@TempDir Path data) throws Exception {
        String first;
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            first = store.send("q", bytes("acknowledged"));
            assertEquals(Settlement.DONE, store.ack("q", store.receive("q", 1, LONG, Duration.ZERO).get(0).receipt()));
        }
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            assertNotEquals(first, store.send("q", bytes("next")));
        }
    }

    @Test
    void aJournalOfMostlyHistoryIsRewrittenToTheQueuesAlone(@TempDir Path data) throws Exception {
        byte[] large = new byte[256 * 1024];
        long journaled = 0;
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            store.send("kept", bytes("still here"));
            for (; journaled < 5 * JournalQueueStore.REWRITE_AT_BYTES / 2; journaled += large.length) {
                store.send("churn", large);
                store.ack("churn", store.receive("churn", 1, LONG, Duration.ZERO).get(0).receipt());
            }
        }
        // rewritten at least twice: what is left is less than what came after the last rewrite, a fraction of it all
        long size = Files.size(data.resolve("queues.journal"));
        assertTrue(size < journaled / 2, "journal after " + journaled + " bytes of bodies sent and acknowledged: "
                + size + " bytes");
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            assertEquals(List.of("still here"), bodies(store.receive("kept", 10, LONG, Duration.ZERO)));
            assertEquals(List.of(), store.receive("churn", 10, LONG, Duration.ZERO));
        }
    }

    @Test
    void deadLettersSurviveAReopenInOrder(@TempDir Path data) throws Exception {
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            store.send("q", bytes("first poison"));
            store.send("q", bytes("second poison"));
            for (int n = 1; n <= JournalQueueStore.MAX_DELIVERIES; n++) {
                for (Delivery d : store.receive("q", 2, LONG, Duration.ZERO)) {
                    store.release("q", d.receipt());
                }
            }
            assertEquals(2, store.deadLetters("q").size());
        }
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            assertEquals(List.of("first poison", "second poison"), store.deadLetters("q").stream()
                    .map(d -> new String(d.body(), StandardCharsets.UTF_8)).toList());
            assertEquals(List.of(), store.receive("q", 10, LONG, Duration.ZERO));
        }
    }

    @Test
    void aSecondStoreOnTheSameDataIsRefused(@TempDir Path data) {
        try (JournalQueueStore store = JournalQueueStore.open(data)) {
            store.send("q", bytes("mine"));
            assertThrows(IllegalStateException.class, () -> JournalQueueStore.open(data).close());
        }
    }

    @Test
    void eachSendWakesOneWaiterAndEveryWaiterGetsAMessage() throws Exception {
        int waiters = 200;
        try (JournalQueueStore store = JournalQueueStore.inMemory();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Delivery>>> waiting = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                waiting.add(threads.submit(() -> store.receive("q", 1, LONG, Duration.ofSeconds(20))));
            }
            for (int i = 0; i < waiters; i++) {
                store.send("q", bytes("m" + i));
            }
            Set<String> got = new HashSet<>();
            for (Future<List<Delivery>> w : waiting) {
                List<Delivery> d = w.get(30, TimeUnit.SECONDS);
                assertEquals(1, d.size(), "every waiter gets one message");
                got.add(d.get(0).id());
            }
            assertEquals(waiters, got.size());
        }
    }

    @Test
    void aWaitingReceiveWakesWhenALeaseEnds() throws Exception {
        try (JournalQueueStore store = JournalQueueStore.inMemory()) {
            store.send("q", bytes("comes back"));
            store.receive("q", 1, Duration.ofMillis(200), Duration.ZERO);
            long start = System.nanoTime();
            List<Delivery> again = store.receive("q", 1, LONG, Duration.ofSeconds(10));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(2, again.get(0).deliveryCount());
            assertTrue(waited < 5000, "woken when the lease ended, not when the wait did: " + waited + " ms");
        }
    }

    @Test
    void aMessageDeliveredTooOftenIsDeadLettered() throws Exception {
        try (JournalQueueStore store = JournalQueueStore.inMemory()) {
            store.send("q", bytes("poison"));
            for (int n = 1; n <= JournalQueueStore.MAX_DELIVERIES; n++) {
                Delivery d = store.receive("q", 1, LONG, Duration.ZERO).get(0);
                assertEquals(n, d.deliveryCount());
                assertEquals(Settlement.DONE, store.release("q", d.receipt()));
            }
            assertEquals(List.of(), store.receive("q", 1, LONG, Duration.ZERO));
            List<QueueStore.DeadLetter> dead = store.deadLetters("q");
            assertEquals(1, dead.size());
            assertEquals(JournalQueueStore.MAX_DELIVERIES, dead.get(0).deliveryCount());
        }
    }
}
