package dev.commtck.tck.messagequeue;

import dev.commtck.tck.messagequeue.History.Delivered;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.HttpProbe;
import dev.commtck.tck.support.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * The concurrent workload the queue checks are made from (spec/message-queue.md, "How the kit checks a queue"): on a
 * fresh queue, {@link #PRODUCERS} producers send {@code workload-messages} distinct bodies while {@link #CONSUMERS}
 * consumers receive and acknowledge; {@link #VANISHING} consumers vanish after their first receive, and one
 * acknowledges its first {@link #LATE_ACKS} deliveries only once their leases have certainly ended. Each worker is a
 * virtual thread; everything it does goes into the {@link History}. It ends when every message answered 201 has been
 * acknowledged, or when its time is up: sending stops after {@code tolerance.message-queue.workload}, and consuming
 * {@link #drain} after the last send.
 */
final class Workload {

    static final int PRODUCERS = 4;
    static final int CONSUMERS = 6;
    static final int VANISHING = 2;
    static final int LATE_ACKS = 3;
    /** The {@code max} of the consumers' receives. */
    static final int BATCH = 10;
    /** The {@code waitMs} of the consumers' receives: short, so that they notice the end of the workload soon. */
    static final Duration POLL = Duration.ofMillis(200);

    /** Deliveries per message beyond which the workload stops: a server that floods it cannot fill the heap. */
    static final int MAX_DELIVERIES_PER_MESSAGE = 10;

    private static final int SENT = 1;
    private static final int ACKED = 2;

    private final QueueSettings settings;
    private final History history;
    /** One per node: worker {@code i} works on node {@code i} mod their number. */
    private final List<RecordingQueue> queues;
    private int started;
    private final String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final long visibility;
    private final AtomicInteger nextMessage = new AtomicInteger();
    private final AtomicInteger producing = new AtomicInteger(PRODUCERS);
    private final AtomicInteger stored = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> progress = new ConcurrentHashMap<>();
    private final AtomicInteger lateAcksPending = new AtomicInteger(LATE_ACKS);
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicLong deadline;
    private final long sendDeadline;
    private final AtomicReference<RuntimeException> aborted = new AtomicReference<>();

    private Workload(QueueSettings settings, History history, List<QueueClient> clients) {
        this.settings = settings;
        this.history = history;
        this.queues = clients.stream().map(c -> new RecordingQueue(history, c)).toList();
        this.visibility = settings.visibility().toNanos();
        this.sendDeadline = history.now() + settings.workload().toNanos();
        this.deadline = new AtomicLong(sendDeadline + drain(settings).toNanos());
    }

    /** How long consumers go on after the last send: long enough for a message to be leased three times and come back. */
    static Duration drain(QueueSettings settings) {
        return settings.leaseAndRedelivery().multipliedBy(3).plusSeconds(1);
    }

    /** Runs the workload against the target and returns its history; a target that goes away ends it with an ERROR. */
    static History run(Target target, QueueSettings settings) {
        return run(List.of(target), settings);
    }

    /**
     * Runs the workload with its workers spread over the nodes of a cluster (worker {@code i} on node {@code i} mod
     * their number, named after it: {@code consumer-2 on node 2}), all on one queue and into one history.
     */
    static History run(List<Target> nodes, QueueSettings settings) {
        History history = new History(QueueClient.freshQueue("workload"));
        // every exchange is kept in the history, which the tests attach; the test's own evidence gets the summary
        List<HttpProbe> probes = nodes.stream().map(n -> new HttpProbe(n.endpoint(), n.tolerances(), new Evidence())).toList();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<QueueClient> clients = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                clients.add(new QueueClient(nodes.get(i), probes.get(i)));
            }
            Workload w = new Workload(settings, history, clients);
            List<Future<?>> tasks = new ArrayList<>();
            for (int i = 1; i <= PRODUCERS; i++) {
                w.start(tasks, workers, "producer-" + i, w::produce);
            }
            for (int i = 1; i <= CONSUMERS; i++) {
                w.start(tasks, workers, "consumer-" + i, w::consume);
            }
            for (int i = 1; i <= VANISHING; i++) {
                w.start(tasks, workers, "vanishing-" + i, w::vanish);
            }
            w.start(tasks, workers, "late-acker", (who, queue) -> w.ackLate(who, queue, workers));
            w.awaitAll(tasks, nodes.get(0).tolerances().response().multipliedBy(2), workers);
            if (w.aborted.get() instanceof FloodStop) {
                history.note("workload stopped: more than " + MAX_DELIVERIES_PER_MESSAGE
                        + " deliveries per message sent; the history so far is checked");
            } else if (w.aborted.get() != null) {
                throw w.aborted.get();
            } else {
                history.note("workload ended: " + (w.allAcknowledged() ? "every message answered 201 was acknowledged"
                        : "its time was up"));
            }
            return history;
        } finally {
            probes.forEach(HttpProbe::close);
        }
    }

    /** Starts the next worker, on the next node, under its name. */
    private void start(List<Future<?>> tasks, ExecutorService workers, String name, BiConsumer<String, RecordingQueue> work) {
        RecordingQueue queue = queues.get(started++ % queues.size());
        String who = queues.size() == 1 ? name : name + " on " + queue.node();
        tasks.add(workers.submit(() -> guarded(() -> work.accept(who, queue))));
    }

    private void produce(String who, RecordingQueue queue) {
        for (int i = nextMessage.getAndIncrement(); i < settings.workloadMessages() && !finished();
             i = nextMessage.getAndIncrement()) {
            if (history.now() > sendDeadline) {
                history.note(who + " stopped: the workload's sending time (tolerance message-queue.workload) was up");
                break;
            }
            String body = String.format("workload-%s-%05d", run, i);
            long start = history.now();
            try {
                History.Send sent = queue.send(who, body);
                history.answered();
                if (sent.stored()) {
                    stored.incrementAndGet();
                    mark(body, SENT);
                }
            } catch (AssertionError e) {
                String why = RecordingQueue.firstLine(e);
                if (history.failedTooOften(new History.Failure(who, "send failed: " + why, start, history.now()))) {
                    abort(new EvaluationError(history.failureStop(why)));
                    break;
                }
            }
        }
        if (producing.decrementAndGet() == 0) {
            deadline.accumulateAndGet(history.now() + drain(settings).toNanos(), Math::min);
        }
    }

    private void consume(String who, RecordingQueue queue) {
        while (!finished()) {
            for (Delivered d : receive(who, queue, BATCH)) {
                ack(who, queue, d);
            }
        }
    }

    private void vanish(String who, RecordingQueue queue) {
        while (!finished()) {
            List<Delivered> got = receive(who, queue, BATCH);
            if (!got.isEmpty()) {
                history.note(who + " vanished with " + got.size() + " message(s), acknowledging none");
                return;
            }
        }
    }

    /** Takes {@link #LATE_ACKS} messages and acknowledges each once its lease has certainly ended. */
    private void ackLate(String who, RecordingQueue queue, ExecutorService workers) {
        int taken = 0;
        while (taken < LATE_ACKS && !finished()) {
            for (Delivered d : receive(who, queue, 1)) {
                taken++;
                long due = d.end() + visibility + settings.redelivery().toNanos() + TimeUnit.MILLISECONDS.toNanos(1);
                CompletableFuture.runAsync(() -> guarded(() -> {
                    ack(who, queue, d);
                    lateAcksPending.decrementAndGet();
                }), CompletableFuture.delayedExecutor(due - history.now(), TimeUnit.NANOSECONDS, workers));
            }
        }
        lateAcksPending.addAndGet(taken - LATE_ACKS); // those it never took are not waited for
    }

    private List<Delivered> receive(String who, RecordingQueue queue, int max) {
        long start = history.now();
        try {
            List<Delivered> got = queue.receive(who, max, settings.visibility(), POLL);
            history.answered();
            if (delivered.addAndGet(got.size()) > MAX_DELIVERIES_PER_MESSAGE * settings.workloadMessages()) {
                abort(new FloodStop());
            }
            return got;
        } catch (AssertionError e) {
            String why = RecordingQueue.firstLine(e);
            if (history.failedTooOften(new History.Failure(who, "receive failed: " + why, start, history.now()))) {
                abort(new EvaluationError(history.failureStop(why)));
            }
            return List.of();
        }
    }

    private void ack(String who, RecordingQueue queue, Delivered d) {
        if (queue.ack(who, d).accepted()) {
            mark(d.delivery().body(), ACKED);
        }
    }

    /** Notes that a message was stored or acknowledged; one with both is complete. */
    private void mark(String body, int flag) {
        boolean[] completes = {false};
        progress.compute(body, (b, before) -> {
            int was = before == null ? 0 : before;
            completes[0] = was != (SENT | ACKED) && (was | flag) == (SENT | ACKED);
            return was | flag;
        });
        if (completes[0]) {
            completed.incrementAndGet();
        }
    }

    private boolean allAcknowledged() {
        return producing.get() == 0 && completed.get() >= stored.get();
    }

    private boolean finished() {
        return aborted.get() != null || history.now() > deadline.get()
                || allAcknowledged() && lateAcksPending.get() <= 0;
    }

    private void abort(RuntimeException why) {
        aborted.compareAndSet(null, why);
    }

    /** Runs a worker; a target that cannot be evaluated (gone away, the kit interrupted) stops the whole workload. */
    private void guarded(Runnable worker) {
        try {
            worker.run();
        } catch (RuntimeException e) {
            abort(e);
        }
    }

    private void awaitAll(List<Future<?>> tasks, Duration slack, ExecutorService workers) {
        for (Future<?> task : tasks) {
            long left = deadline.get() - history.now() + slack.toNanos();
            try {
                task.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                workers.shutdownNow();
                throw new EvaluationError("the workload's workers did not stop within " + slack.toMillis()
                        + " ms of its end");
            } catch (ExecutionException e) {
                throw new EvaluationError("a workload worker failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                workers.shutdownNow();
                Thread.currentThread().interrupt();
                throw new EvaluationError("interrupted while the workload ran", e);
            }
        }
    }

    /** Stops the workload early without losing its history: the server delivered far more than was sent. */
    private static final class FloodStop extends RuntimeException {
        FloodStop() {
            super("too many deliveries", null, false, false);
        }
    }
}
