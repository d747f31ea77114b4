package dev.commtck.mutants.messagequeue;

import dev.commtck.mutants.Mutant;
import dev.commtck.mutants.ReferenceRoutes;
import dev.commtck.reference.http.Handler;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.http.Status;
import dev.commtck.reference.messagequeue.QueueService;
import dev.commtck.reference.messagequeue.QueueStore;
import dev.commtck.reference.messagequeue.JournalQueueStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Message queues with one fault each (spec/message-queue.md). Each is the reference queue service over the reference
 * store (in memory) wrapped with the fault, registered ahead of the reference routes.
 */
public final class MessageQueueMutants {

    /** How long {@code mq-held-empty} holds a receive on a new queue: past the tolerance "fast" (1 s). */
    static final Duration HELD = Duration.ofMillis(1200);
    /** How close two receives must come for {@code mq-double-lease} to hand them the same messages. */
    static final Duration LEASE_RACE = Duration.ofMillis(50);
    /** How long {@code mq-lost-send} takes to write a message, during which a concurrent send is lost. */
    static final Duration WRITE = Duration.ofMillis(1);
    /** How many messages nobody has received {@code mq-bounded-backlog} keeps per queue. */
    static final int BACKLOG_KEPT = 32;
    /** The longest lease {@code mq-visibility-1h} grants. */
    static final Duration VISIBILITY_KEPT = Duration.ofHours(1);
    /** How much of a queue's name {@code mq-truncated-names} keeps. */
    static final int NAME_KEPT = 32;

    public static final List<Mutant> ALL = List.of(
            new Mutant("mq-reused-id", "MQ-SEND-1", "answers a send with an id derived from the body, so equal bodies share it",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public String send(String queue, byte[] body) {
                            super.send(queue, body);
                            return "m" + Integer.toHexString(Arrays.hashCode(body));
                        }
                    })),
            new Mutant("mq-text-plain-only", "MQ-SEND-1", "refuses a send whose Content-Type is not text/plain with 415",
                    () -> inFront(QueueService.SEND, reference -> (req, res) -> {
                        if (req.header("Content-Type").orElse("").toLowerCase(Locale.ROOT).startsWith("text/plain")) {
                            reference.handle(req, res);
                        } else {
                            res.status(Status.UNSUPPORTED_MEDIA_TYPE).send("messages are text/plain");
                        }
                    })),
            new Mutant("mq-truncated-body", "MQ-SIZE-1", "stores the first 256 KiB of a longer body and answers 201",
                    () -> faulty(QueueService.Rules.CONTRACT.withMaxBodyBytes(Integer.MAX_VALUE),
                            store -> new ForwardingQueueStore(store) {
                                @Override
                                public String send(String queue, byte[] body) {
                                    return super.send(queue, Arrays.copyOf(body, Math.min(body.length, QueueService.MAX_BODY_BYTES)));
                                }
                            })),
            new Mutant("mq-any-name", "MQ-NAME-1", "takes any path segment as a queue name",
                    () -> faulty(QueueService.Rules.CONTRACT.withQueueName(name -> !name.isEmpty()), store -> store)),
            new Mutant("mq-trimmed-body", "MQ-BODY-1", "strips leading and trailing whitespace from message bodies",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public String send(String queue, byte[] body) {
                            return super.send(queue, new String(body, StandardCharsets.UTF_8).strip()
                                    .getBytes(StandardCharsets.UTF_8));
                        }
                    })),
            new Mutant("mq-ignores-max", "MQ-RECEIVE-1", "ignores max and delivers up to 10 messages to every receive",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            return super.receive(queue, QueueService.MAX_BATCH, visibility, wait);
                        }
                    })),
            new Mutant("mq-visibility-1h", "MQ-RECEIVE-1", "refuses a visibilityMs above one hour with 400, below the"
                    + " contract's 12 h", () -> inFront(QueueService.RECEIVE, reference -> (req, res) -> {
                        if (req.query("visibilityMs").filter(v -> v.matches("\\d{1,9}"))
                                .map(Long::parseLong).filter(v -> v > VISIBILITY_KEPT.toMillis()).isPresent()) {
                            res.status(Status.BAD_REQUEST).send("visibilityMs is at most " + VISIBILITY_KEPT.toMillis());
                        } else {
                            reference.handle(req, res);
                        }
                    })),
            new Mutant("mq-default-max-10", "MQ-DEFAULTS-1", "delivers up to 10 messages to a receive that does not say max",
                    () -> faulty(QueueService.Rules.CONTRACT.withDefaultMax(QueueService.MAX_BATCH), store -> store)),
            new Mutant("mq-held-empty", "MQ-EMPTY-1", "creates a queue lazily on its first receive, which holds an"
                    + " empty answer for 1.2 s even without a wait", () -> faulty(store -> new ForwardingQueueStore(store) {
                        private final Set<String> created = ConcurrentHashMap.newKeySet();

                        @Override
                        public String send(String queue, byte[] body) {
                            created.add(queue);
                            return super.send(queue, body);
                        }

                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            if (created.add(queue)) {
                                Thread.sleep(HELD); // the fault: "creating" the queue holds the answer
                            }
                            return super.receive(queue, max, visibility, wait);
                        }
                    })),
            new Mutant("mq-late-wake", "MQ-WAIT-1", "a waiting receive looks at the queue only when it starts and when its wait ends",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            List<Delivery> got = super.receive(queue, max, visibility, Duration.ZERO);
                            if (!got.isEmpty() || wait.isZero()) {
                                return got;
                            }
                            Thread.sleep(wait); // the fault: nothing wakes the wait when a message arrives
                            return super.receive(queue, max, visibility, Duration.ZERO);
                        }
                    })),
            new Mutant("mq-no-hold", "MQ-WAIT-2", "ignores waitMs: an empty receive is answered at once",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            return super.receive(queue, max, visibility, Duration.ZERO);
                        }
                    })),
            new Mutant("mq-double-lease", "MQ-LEASE-1", "leases without atomicity: a receive within 50 ms of another is"
                    + " handed the messages that one got",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        private final Map<String, Lease> latest = new ConcurrentHashMap<>();

                        record Lease(List<Delivery> deliveries, long atNanos) {
                        }

                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            Lease other = latest.get(queue);
                            if (other != null && System.nanoTime() - other.atNanos() < LEASE_RACE.toNanos()) {
                                return other.deliveries(); // read before the other receive marked them leased
                            }
                            List<Delivery> got = super.receive(queue, max, visibility, wait);
                            if (!got.isEmpty()) {
                                latest.put(queue, new Lease(got, System.nanoTime()));
                            }
                            return got;
                        }
                    })),
            new Mutant("mq-lease-from-request", "MQ-LEASE-1", "counts a lease from the receive's arrival, not from the delivery,"
                    + " so a receive that waited longer than its lease delivers a message whose lease is over",
                    () -> faulty(LeaseFromRequest::new)),
            new Mutant("mq-never-redeliver", "MQ-REDELIVER-1", "leases never end: a message whose consumer vanished stays"
                    + " invisible", () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            return super.receive(queue, max, Duration.ofMillis(QueueService.MAX_VISIBILITY_MS), wait);
                        }
                    })),
            new Mutant("mq-slow-reaper", "MQ-REDELIVER-1", "ends leases only when a reaper that runs every "
                    + SlowReaper.PERIOD.toSeconds() + " s finds them over", () -> faulty(SlowReaper::new)),
            new Mutant("mq-ack-keeps-message", "MQ-ACK-1", "answers an acknowledgement 204 but keeps the message, which"
                    + " comes back when its lease ends", () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public Settlement ack(String queue, String receipt) {
                            return Settlement.DONE;
                        }
                    })),
            new Mutant("mq-stale-receipt", "MQ-STALE-1", "answers an acknowledgement whose lease has ended 204, as SQS"
                    + " does, without deleting anything", () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public Settlement ack(String queue, String receipt) {
                            Settlement s = super.ack(queue, receipt);
                            return s == Settlement.LEASE_ENDED ? Settlement.DONE : s;
                        }
                    })),
            new Mutant("mq-expired-receipt", "MQ-STALE-1", "accepts the acknowledgement of a lease that ran out as long as"
                    + " its receipt is the message's latest, and deletes the message", () -> faulty(store -> new ForgettingQueueStore(store) {
                        private final Map<String, String> messageOf = new ConcurrentHashMap<>(); // receipt → id
                        private final Map<String, String> latest = new ConcurrentHashMap<>(); // id → receipt

                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            List<Delivery> got = super.receive(queue, max, visibility, wait);
                            got.forEach(d -> {
                                messageOf.put(d.receipt(), d.id());
                                latest.put(d.id(), d.receipt());
                            });
                            return got;
                        }

                        @Override
                        public Settlement ack(String queue, String receipt) {
                            Settlement s = super.ack(queue, receipt);
                            String id = messageOf.get(receipt);
                            if (s != Settlement.LEASE_ENDED || id == null || !receipt.equals(latest.get(id))) {
                                return s;
                            }
                            forget(id); // the fault: the receipt is compared, the end of its lease is not
                            return Settlement.DONE;
                        }
                    })),
            new Mutant("mq-receipt-any", "MQ-RECEIPT-1", "answers 204 to an acknowledgement whose receipt names nothing, as"
                    + " a DELETE that matched no row", () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public Settlement ack(String queue, String receipt) {
                            Settlement s = super.ack(queue, receipt);
                            return s == Settlement.UNKNOWN ? Settlement.DONE : s;
                        }
                    })),
            new Mutant("mq-receipt-any-queue", "MQ-RECEIPT-1", "looks receipts up in one table for every queue, so that one"
                    + " queue acknowledges another's message", () -> faulty(store -> new ForwardingQueueStore(store) {
                        private final Map<String, String> issuedBy = new ConcurrentHashMap<>(); // receipt → queue

                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            List<Delivery> got = super.receive(queue, max, visibility, wait);
                            got.forEach(d -> issuedBy.put(d.receipt(), queue));
                            return got;
                        }

                        @Override
                        public Settlement ack(String queue, String receipt) {
                            return super.ack(issuedBy.getOrDefault(receipt, queue), receipt);
                        }
                    })),
            new Mutant("mq-lost-send", "MQ-LOST-1", "loses a send that arrives while another is being written (a"
                    + " read-modify-write race), answering it 201 all the same",
                    () -> faulty(store -> new ForwardingQueueStore(store) {
                        private final AtomicBoolean writing = new AtomicBoolean();
                        private final AtomicLong lost = new AtomicLong();

                        @Override
                        public String send(String queue, byte[] body) {
                            if (!writing.compareAndSet(false, true)) {
                                return "lost-" + lost.incrementAndGet(); // overwritten by the other writer
                            }
                            try {
                                Thread.sleep(WRITE);
                                return super.send(queue, body);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            } finally {
                                writing.set(false);
                            }
                        }
                    })),
            new Mutant("mq-bounded-backlog", "MQ-LOST-1", "keeps the newest " + BACKLOG_KEPT + " messages of a queue that"
                    + " nobody has received yet and silently drops older ones, answering every send 201",
                    () -> faulty(store -> new ForgettingQueueStore(store) {
                        private final Map<String, Deque<String>> undelivered = new HashMap<>(); // queue → ids, oldest first

                        @Override
                        public String send(String queue, byte[] body) {
                            String id = super.send(queue, body);
                            synchronized (undelivered) {
                                Deque<String> ids = undelivered.computeIfAbsent(queue, q -> new ArrayDeque<>());
                                ids.addLast(id);
                                while (ids.size() > BACKLOG_KEPT) {
                                    forget(ids.pollFirst());
                                }
                            }
                            return id;
                        }

                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            List<Delivery> got = super.receive(queue, max, visibility, wait);
                            synchronized (undelivered) {
                                Deque<String> ids = undelivered.getOrDefault(queue, new ArrayDeque<>());
                                got.forEach(d -> ids.remove(d.id()));
                            }
                            return got;
                        }
                    })),
            new Mutant("mq-truncated-names", "MQ-UNEXPECTED-1", "cuts queue names to their first " + NAME_KEPT + " characters,"
                    + " so that two long names share one queue", () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public String send(String queue, byte[] body) {
                            return super.send(cut(queue), body);
                        }

                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            return super.receive(cut(queue), max, visibility, wait);
                        }

                        @Override
                        public Settlement ack(String queue, String receipt) {
                            return super.ack(cut(queue), receipt);
                        }

                        private static String cut(String queue) {
                            return queue.substring(0, Math.min(queue.length(), NAME_KEPT));
                        }
                    })),
            new Mutant("mq-case-insensitive", "MQ-UNEXPECTED-1", "folds queue names to lower case, so Orders and orders"
                    + " are one queue", () -> faulty(store -> new ForwardingQueueStore(store) {
                        @Override
                        public String send(String queue, byte[] body) {
                            return super.send(queue.toLowerCase(Locale.ROOT), body);
                        }

                        @Override
                        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait)
                                throws InterruptedException {
                            return super.receive(queue.toLowerCase(Locale.ROOT), max, visibility, wait);
                        }

                        @Override
                        public Settlement ack(String queue, String receipt) {
                            return super.ack(queue.toLowerCase(Locale.ROOT), receipt);
                        }
                    })),
            Mutant.restarting("mq-acks-in-memory", "MQ-DURABLE-1", "keeps acknowledgements in memory only: an acknowledged"
                    + " message is hidden from receives but stays in the journal, so a restart brings it back",
                    dataDir -> durable(dataDir, AcksInMemory::new)),
            Mutant.restarting("mq-requeue-in-flight", "MQ-DURABLE-2", "recovers the messages that were in flight at a crash"
                    + " by sending them again, as new messages, and keeps the originals",
                    dataDir -> durable(dataDir, store -> new RequeueInFlight(store, dataDir.resolve(RequeueInFlight.LOG)))));

    private MessageQueueMutants() {
    }

    private static Consumer<Routes> faulty(UnaryOperator<QueueStore> fault) {
        return faulty(QueueService.Rules.CONTRACT, fault);
    }

    /** The reference queue service over the durable store in {@code dataDir} with the fault, ahead of the reference routes. */
    private static Consumer<Routes> durable(Path dataDir, UnaryOperator<QueueStore> fault) {
        return routes -> routes.register(new QueueService(fault.apply(JournalQueueStore.open(dataDir))));
    }

    /** The reference queue service over a fresh in-memory store with the fault, ahead of the reference routes. */
    private static Consumer<Routes> faulty(QueueService.Rules rules, UnaryOperator<QueueStore> fault) {
        return routes -> routes.register(new QueueService(fault.apply(JournalQueueStore.inMemory()), rules));
    }

    /**
     * The reference queue service over a fresh in-memory store, behind a faulty route for {@code POST path}: {@code route}
     * makes it from the service's routes, to which it hands on the requests its fault does not concern.
     */
    private static Consumer<Routes> inFront(String path, Function<Handler, Handler> route) {
        QueueService queues = new QueueService(JournalQueueStore.inMemory());
        Handler faulty = route.apply(new ReferenceRoutes(queues));
        return routes -> routes.post(path, faulty).register(queues);
    }

    /**
     * Counts each lease from the moment its receive arrived: a lease already over when the delivery comes is ended at
     * once, and a running one when its time from the arrival is up (by a release, which makes it deliverable again).
     */
    private static final class LeaseFromRequest extends ForwardingQueueStore {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mq-lease-from-request").factory());

        LeaseFromRequest(QueueStore store) {
            super(store);
        }

        @Override
        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait) throws InterruptedException {
            long arrived = System.nanoTime();
            List<Delivery> got = super.receive(queue, max, visibility, wait);
            long left = arrived + visibility.toNanos() - System.nanoTime();
            for (Delivery d : got) {
                if (left <= 0) {
                    release(queue, d.receipt()); // the fault: over before it was handed out
                } else {
                    timer.schedule(() -> release(queue, d.receipt()), left, TimeUnit.NANOSECONDS);
                }
            }
            return got;
        }

        @Override
        public void close() {
            timer.shutdownNow();
            super.close();
        }
    }

    /**
     * Leases that end only when a reaper finds them over, every {@link #PERIOD}: until then the message stays invisible
     * (its acknowledgement is refused all the same, as the lease has ended).
     */
    private static final class SlowReaper extends ForwardingQueueStore {
        static final Duration PERIOD = Duration.ofSeconds(2);

        private record Lease(String queue, long endsAtNanos) {
        }

        private final Map<String, Lease> running = new ConcurrentHashMap<>(); // receipt → lease
        private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mq-slow-reaper").factory());

        SlowReaper(QueueStore store) {
            super(store);
            reaper.scheduleAtFixedRate(this::reap, PERIOD.toNanos(), PERIOD.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait) throws InterruptedException {
            // the store's own lease never ends: only the reaper ends it
            List<Delivery> got = super.receive(queue, max, Duration.ofMillis(QueueService.MAX_VISIBILITY_MS), wait);
            long endsAt = System.nanoTime() + visibility.toNanos();
            got.forEach(d -> running.put(d.receipt(), new Lease(queue, endsAt)));
            return got;
        }

        @Override
        public Settlement ack(String queue, String receipt) {
            return over(receipt) ? Settlement.LEASE_ENDED : settled(receipt, super.ack(queue, receipt));
        }

        @Override
        public Settlement release(String queue, String receipt) {
            return over(receipt) ? Settlement.LEASE_ENDED : settled(receipt, super.release(queue, receipt));
        }

        private boolean over(String receipt) {
            Lease lease = running.get(receipt);
            return lease != null && lease.endsAtNanos() <= System.nanoTime();
        }

        private Settlement settled(String receipt, Settlement s) {
            if (s == Settlement.DONE) {
                running.remove(receipt);
            }
            return s;
        }

        private void reap() {
            long now = System.nanoTime();
            running.forEach((receipt, lease) -> {
                if (lease.endsAtNanos() <= now && running.remove(receipt, lease)) {
                    super.release(lease.queue(), receipt);
                }
            });
        }

        @Override
        public void close() {
            reaper.shutdownNow();
            super.close();
        }
    }

    /**
     * Acknowledgements applied in memory only: the message is forgotten (hidden from receives), while the durable store
     * underneath still holds it, leased, until a receive comes across it again; a crash in between brings it back.
     */
    private static final class AcksInMemory extends ForgettingQueueStore {
        private record Lease(String id, long endsAtNanos) {
        }

        private final Map<String, Lease> running = new ConcurrentHashMap<>(); // receipt → lease

        AcksInMemory(QueueStore store) {
            super(store);
        }

        @Override
        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait) throws InterruptedException {
            List<Delivery> got = super.receive(queue, max, visibility, wait);
            long endsAt = System.nanoTime() + visibility.toNanos();
            got.forEach(d -> running.put(d.receipt(), new Lease(d.id(), endsAt)));
            return got;
        }

        @Override
        public Settlement ack(String queue, String receipt) {
            Lease lease = running.remove(receipt);
            if (lease == null || lease.endsAtNanos() <= System.nanoTime()) {
                return super.ack(queue, receipt);
            }
            forget(lease.id()); // the fault: nothing reaches the journal
            return Settlement.DONE;
        }
    }

    /**
     * Notes every delivery and acknowledgement in a log of its own beside the journal, and at start-up sends every
     * message the log shows in flight again, as a new message, without removing the original: a recovery that
     * duplicates what was being processed at the crash.
     */
    private static final class RequeueInFlight extends ForwardingQueueStore {
        static final String LOG = "in-flight.log";

        private final Path log;
        private final Map<String, String> messageOf = new ConcurrentHashMap<>(); // receipt → id

        RequeueInFlight(QueueStore store, Path log) {
            super(store);
            this.log = log;
            recover();
        }

        private void recover() {
            Map<String, String[]> inFlight = new LinkedHashMap<>(); // id → queue and body
            try {
                if (Files.exists(log)) {
                    for (String line : Files.readAllLines(log)) {
                        String[] f = line.split(" ", -1);
                        if (f[0].equals("leased")) {
                            inFlight.put(f[2], new String[] {f[1], f[3]});
                        } else {
                            inFlight.remove(f[1]);
                        }
                    }
                    Files.delete(log);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            inFlight.values().forEach(m -> super.send(m[0], Base64.getDecoder().decode(m[1]))); // the fault: a copy
        }

        @Override
        public List<Delivery> receive(String queue, int max, Duration visibility, Duration wait) throws InterruptedException {
            List<Delivery> got = super.receive(queue, max, visibility, wait);
            for (Delivery d : got) {
                messageOf.put(d.receipt(), d.id());
                note("leased " + queue + " " + d.id() + " " + Base64.getEncoder().encodeToString(d.body()));
            }
            return got;
        }

        @Override
        public Settlement ack(String queue, String receipt) {
            Settlement s = super.ack(queue, receipt);
            if (s == Settlement.DONE) {
                note("done " + messageOf.remove(receipt));
            }
            return s;
        }

        private synchronized void note(String line) {
            try {
                Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
