package dev.commtck.reference.messagequeue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.reference.messagequeue.QueueStore.Delivery;
import dev.commtck.reference.messagequeue.QueueStore.Settlement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

/** The reference store on its own: atomic leases, what survives a reopen, waiting receives, dead letters. */
class SqliteQueueStoreTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void concurrentReceivesNeverShareAMessage() throws Exception {
        int messages = 2000;
        try (SqliteQueueStore store = SqliteQueueStore.inMemory();
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
        try (SqliteQueueStore store = SqliteQueueStore.open(data)) {
            store.send("q", bytes("acknowledged"));
            store.send("q", bytes("leased"));
            store.send("q", bytes("waiting"));
            Delivery first = store.receive("q", 1, LONG, Duration.ZERO).get(0);
            assertEquals(Settlement.DONE, store.ack("q", first.receipt()));
            leasedReceipt = store.receive("q", 1, LONG, Duration.ZERO).get(0).receipt();
        }
        try (SqliteQueueStore store = SqliteQueueStore.open(data)) {
            List<Delivery> after = store.receive("q", 10, LONG, Duration.ZERO);
            assertEquals(List.of("waiting"), after.stream().map(d -> new String(d.body(), StandardCharsets.UTF_8)).toList());
            assertEquals(Settlement.DONE, store.ack("q", leasedReceipt), "the lease taken before the reopen still runs");
        }
    }

    @Test
    void aSecondStoreOnTheSameDataIsRefused(@TempDir Path data) {
        try (SqliteQueueStore store = SqliteQueueStore.open(data)) {
            store.send("q", bytes("mine"));
            assertThrows(IllegalStateException.class, () -> SqliteQueueStore.open(data).close());
        }
    }

    @Test
    void eachSendWakesOneWaiterAndEveryWaiterGetsAMessage() throws Exception {
        int waiters = 200;
        try (SqliteQueueStore store = SqliteQueueStore.inMemory();
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
        try (SqliteQueueStore store = SqliteQueueStore.inMemory()) {
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
        try (SqliteQueueStore store = SqliteQueueStore.inMemory()) {
            store.send("q", bytes("poison"));
            for (int n = 1; n <= SqliteQueueStore.MAX_DELIVERIES; n++) {
                Delivery d = store.receive("q", 1, LONG, Duration.ZERO).get(0);
                assertEquals(n, d.deliveryCount());
                assertEquals(Settlement.DONE, store.release("q", d.receipt()));
            }
            assertEquals(List.of(), store.receive("q", 1, LONG, Duration.ZERO));
            List<QueueStore.DeadLetter> dead = store.deadLetters("q");
            assertEquals(1, dead.size());
            assertEquals(SqliteQueueStore.MAX_DELIVERIES, dead.get(0).deliveryCount());
        }
    }
}
