package dev.commtck.tck.pubsub;

import static dev.commtck.tck.pubsub.PubSubSettings.WORKLOAD_TOPICS;

import dev.commtck.tck.pubsub.WorkloadRun.Publish;
import dev.commtck.tck.pubsub.WorkloadRun.Subscriber;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fan-out workload (spec/pub-sub.md, "How the kit checks publish/subscribe"): {@code workload-subscribers}
 * subscribers spread over four topics — two whose names differ only in case, one whose name extends another's — all
 * active before {@code workload-publishers} publishers publish {@code workload-messages} messages, each publisher one at
 * a time. Message {@code i} goes to topic {@code (i / publishers) mod 4}, so that the publishers mostly publish to the
 * same topic at the same moment. Each publisher is a virtual thread. The workload ends when every subscriber has every
 * message of its topic, or {@code delivery} after the last answer; publishing stops after {@code workload}, and after
 * {@link #FAILURES_IN_A_ROW} failed publishes in a row (a target that answers nothing properly is not evaluated further).
 */
final class Workload {

    static final int FAILURES_IN_A_ROW = 20;

    private final PubSubSettings settings;
    /** One per node: subscriber and publisher {@code i} are on node {@code i} mod their number. */
    private final List<TopicClient> clients;
    private final Evidence clock;
    /** The topics' names after the run's tag: two differ only in case, and one extends another. */
    private static final List<String> NAMES = List.of("news", "NEWS", "sport", "sport-live");

    private final List<String> topics;
    private final String prefix;
    private final ConcurrentLinkedQueue<Publish> publishes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> notes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final AtomicReference<RuntimeException> aborted = new AtomicReference<>();
    private final long publishDeadline;

    private Workload(PubSubSettings settings, List<TopicClient> clients, Evidence clock) {
        this.settings = settings;
        this.clients = clients;
        this.clock = clock;
        String run = TopicClient.freshTopic("workload");
        this.topics = NAMES.stream().map(name -> run + "-" + name).toList();
        this.prefix = "commtck " + TopicClient.RUN + " ";
        this.publishDeadline = clock.now() + settings.workload().toMillis();
    }

    /** Runs the workload against the target; a target that goes away, or answers nothing properly, ends it with an ERROR. */
    static WorkloadRun run(Target target, PubSubSettings settings) {
        return run(List.of(target), settings);
    }

    /**
     * Runs the workload with its subscribers and publishers spread over the nodes of a cluster (the {@code i}th of each
     * on node {@code i} mod their number, named after it: {@code news-2 on node 2}).
     */
    static WorkloadRun run(List<Target> nodes, PubSubSettings settings) {
        // every exchange and stream is recorded here, which the test summarises; its clock is the workload's
        Evidence own = new Evidence();
        List<TopicClient> clients = nodes.stream().map(n -> TopicClient.recordingIn(n, own)).toList();
        try (ExecutorService publishers = Executors.newVirtualThreadPerTaskExecutor()) {
            Workload w = new Workload(settings, clients, own);
            List<Subscriber> subscribers = w.subscribe();
            long start = own.now();
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int p = 0; p < settings.workloadPublishers(); p++) {
                TopicClient client = clients.get(p % clients.size());
                String who = w.named("publisher-" + (p + 1), client);
                tasks.add(() -> w.guarded(() -> w.publish(who, client)));
            }
            Duration bound = settings.workload().plus(nodes.get(0).tolerances().response().multipliedBy(2));
            // each publish is bounded by 'response': the publishers end soon after the publishing time is up
            if (publishers.invokeAll(tasks, bound.toMillis(), TimeUnit.MILLISECONDS).stream().anyMatch(Future::isCancelled)) {
                throw new EvaluationError("the workload's publishers did not stop within " + bound.toMillis() + " ms");
            }
            if (w.aborted.get() != null) {
                throw w.aborted.get();
            }
            long lastAnswer = w.publishes.stream().mapToLong(Publish::answeredMs).max().orElse(start);
            return new WorkloadRun(w.topics, List.copyOf(w.publishes), w.received(subscribers, lastAnswer),
                    lastAnswer - start, List.copyOf(w.notes));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationError("interrupted while the workload ran", e);
        } finally {
            clients.forEach(TopicClient::close);
        }
    }

    /** A worker's name, with its node's when there are several: {@code publisher-2 on node 2}. */
    private String named(String name, TopicClient client) {
        return clients.size() == 1 ? name : name + " on " + client.node();
    }

    /** Opens the subscribers one after another; the first that is not an event stream stops the workload (ERROR). */
    private List<Subscriber> subscribe() {
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < settings.workloadSubscribers(); i++) {
            String topic = topics.get(i % WORKLOAD_TOPICS);
            TopicClient client = clients.get(i % clients.size());
            EventStream s = client.subscribe(topic);
            String name = named(NAMES.get(i % WORKLOAD_TOPICS) + "-" + (i / WORKLOAD_TOPICS + 1), client);
            subscribers.add(new Subscriber(name, topic, s.headersMs(), List.of(), s));
        }
        return subscribers;
    }

    private void publish(String who, TopicClient client) {
        int order = 0;
        for (int i = next.getAndIncrement(); i < settings.workloadMessages() && aborted.get() == null;
             i = next.getAndIncrement()) {
            if (clock.now() > publishDeadline) {
                notes.add(who + " stopped at +" + clock.now() + " ms: the workload's publishing time (tolerance"
                        + " pub-sub.workload) was up");
                return;
            }
            String topic = topics.get(i / settings.workloadPublishers() % WORKLOAD_TOPICS);
            String message = prefix + topic + " " + i;
            long start = clock.now();
            try {
                Exchange ex = client.publishExchange(topic, message);
                Optional<Long> seq = TopicClient.sequence(ex);
                publishes.add(new Publish(who, order++, topic, message, ex.startMs(), ex.endMs(), seq.orElse(-1L),
                        seq.isPresent() ? null : "answered " + ex.status() + " " + Text.quoteBytes(ex.body())));
                if (seq.isPresent()) {
                    failuresInARow.set(0);
                } else {
                    failed(who, "answered " + ex.status());
                }
            } catch (AssertionError e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
                publishes.add(new Publish(who, order++, topic, message, start, clock.now(), -1, why));
                failed(who, why);
            }
        }
    }

    private void failed(String who, String why) {
        if (failuresInARow.incrementAndGet() >= FAILURES_IN_A_ROW) {
            aborted.compareAndSet(null, new EvaluationError("cannot evaluate: the workload stopped after "
                    + FAILURES_IN_A_ROW + " publishes in a row were not answered with a sequence number (PS-PUBLISH-1);"
                    + " the last, by " + who + ": " + why));
        }
    }

    /**
     * Waits until every subscriber has as many of the run's messages as were published to its topic (or its stream
     * ended), at most {@code delivery} after the last answer, then takes what each received.
     */
    private List<Subscriber> received(List<Subscriber> subscribers, long lastAnswer) {
        long deadline = lastAnswer + settings.delivery().toMillis();
        List<Subscriber> received = new ArrayList<>();
        for (Subscriber s : subscribers) {
            long expected = publishes.stream().filter(p -> p.published() && p.topic().equals(s.topic())).count();
            String ofItsTopic = prefix + s.topic() + " ";
            s.stream().awaitUntil(st -> !st.isOpen()
                    || st.events().stream().filter(e -> e.data().startsWith(ofItsTopic)).count() >= expected, deadline);
            s.stream().ending().ifPresent(end -> notes.add(s.name() + "'s stream ended: " + end));
            received.add(new Subscriber(s.name(), s.topic(), s.activeMs(), s.stream().events(), s.stream()));
        }
        return received;
    }

    /** Runs a publisher; a target that cannot be evaluated (gone away, the kit interrupted) stops the whole workload. */
    private Void guarded(Runnable publisher) {
        try {
            publisher.run();
        } catch (RuntimeException e) {
            aborted.compareAndSet(null, e);
        }
        return null;
    }
}
