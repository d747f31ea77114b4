package dev.commtck.mutants.pubsub;

import dev.commtck.mutants.Mutant;
import dev.commtck.mutants.sse.IdsTakenBeforeTheLock;
import dev.commtck.reference.http.HttpError;
import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.http.Status;
import dev.commtck.reference.pubsub.TopicService;
import dev.commtck.reference.pubsub.Topics;
import dev.commtck.reference.sse.EventHub;
import dev.commtck.reference.sse.Hub;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Publish/subscribe servers with one fault each (spec/pub-sub.md): the reference's {@link TopicService} with one of its
 * seams overridden, its topics given faulty hubs, or its streams written by a writer of their own ({@link StreamWriter})
 * that misbehaves the way real servers do.
 */
public final class PubSubMutants {

    /** Which subscription of a topic {@code ps-drops-for-fifth-subscriber} short-changes, and how often. */
    static final int SHORT_CHANGED = 5;
    static final int DROPS_EVERY = 10;
    /** How many messages {@code ps-history-128} keeps per topic. */
    static final int SHORT_HISTORY = Topics.HISTORY / 2;
    /** How long {@code ps-slow-write-timeout} lets a write to a subscriber take before it cuts the subscriber off. */
    static final int WRITE_TIMEOUT_MS = 2000;
    /** How many frames wait for the writer of a stream of {@code ps-slow-skips-ahead}. */
    static final int QUEUED_FRAMES = 16;
    /** The subscription limit of {@code ps-leaks-subscriptions}, which it never gives back. */
    static final int LEAKY_LIMIT = 256;

    public static final List<Mutant> ALL = List.of(
            new Mutant("ps-publish-without-sequence", "PS-PUBLISH-1", "answers a publish 202 Accepted with no body",
                    serving(() -> new TopicService() {
                        @Override
                        protected void answerTrigger(Response res, long id) {
                            res.status(Status.ACCEPTED).send();
                        }
                    })),
            new Mutant("ps-any-topic-name", "PS-NAME-1", "takes any path segment as a topic name",
                    serving(() -> new TopicService() {
                        @Override
                        protected String topic(Request req) {
                            return req.pathParameter("topic");
                        }
                    })),
            new Mutant("ps-unknown-topic-404", "PS-STREAM-1", "creates a topic with its first publish and answers a"
                    + " subscription to any other 404",
                    serving(PublishedTopicsOnly::new)),
            new Mutant("ps-first-message-missed", "PS-ACTIVE-1", "positions a new subscription after the next message"
                    + " instead of the newest one: each subscriber misses the first message published after it joined",
                    withHubs(idsAfter -> new EventHub(Topics.HISTORY, Topics.HISTORY_BYTES, Topics.BACKLOG_BYTES, idsAfter) {
                        private final Set<Object> served = Collections.newSetFromMap(new WeakHashMap<>());

                        @Override
                        protected <T> Collection<T> recipients(Collection<T> open, long id) {
                            return open.stream().filter(o -> !served.add(o)).toList();
                        }
                    })),
            new Mutant("ps-replays-history", "PS-LATE-1", "replays the topic's history to every new subscriber, as if it"
                    + " had asked to resume from the start",
                    serving(() -> new TopicService() {
                        @Override
                        protected Optional<String> resumePoint(Request req) {
                            return Optional.of(super.resumePoint(req).orElse("0"));
                        }
                    })),
            new Mutant("ps-drops-for-fifth-subscriber", "PS-FANOUT-1", "skips the " + SHORT_CHANGED + "th subscription of"
                    + " each topic for every " + DROPS_EVERY + "th message",
                    withHubs(idsAfter -> new EventHub(Topics.HISTORY, Topics.HISTORY_BYTES, Topics.BACKLOG_BYTES, idsAfter) {
                        @Override
                        protected <T> Collection<T> recipients(Collection<T> open, long id) {
                            List<T> all = List.copyOf(open);
                            return id % DROPS_EVERY != 0 || all.size() < SHORT_CHANGED ? all
                                    : all.stream().filter(o -> o != all.get(SHORT_CHANGED - 1)).toList();
                        }
                    })),
            new Mutant("ps-reorders-concurrent-publishes", "PS-ORDER-1", "numbers a message before taking its topic's"
                    + " lock (and pauses up to " + IdsTakenBeforeTheLock.PAUSE_MS + " ms in between, as a busy thread"
                    + " would): concurrent publishes"
                    + " reach subscribers out of sequence order",
                    withHubs(idsAfter -> new IdsTakenBeforeTheLock(Topics.HISTORY, Topics.HISTORY_BYTES,
                            Topics.BACKLOG_BYTES, idsAfter))),
            new Mutant("ps-topics-case-insensitive", "PS-TOPIC-1", "compares topic names without letter case (a"
                    + " case-insensitive map or collation): News and news are one topic",
                    serving(() -> new TopicService() {
                        @Override
                        protected String topic(Request req) {
                            return super.topic(req).toLowerCase(Locale.ROOT);
                        }
                    })),
            new Mutant("ps-resume-duplicates", "PS-RESUME-1", "resumes at Last-Event-ID instead of after it: the last"
                    + " message the subscriber saw comes again",
                    serving(() -> new TopicService() {
                        @Override
                        protected Optional<String> resumePoint(Request req) {
                            return super.resumePoint(req).map(l -> l.matches("[1-9][0-9]{0,17}")
                                    ? String.valueOf(Long.parseLong(l) - 1) : l);
                        }
                    })),
            new Mutant("ps-history-128", "PS-RESUME-1", "keeps " + SHORT_HISTORY + " messages per topic where it states the"
                    + " default " + Topics.HISTORY + " (pub-sub.history): resuming from just before the oldest of "
                    + Topics.HISTORY + " gets the stale signal",
                    withHubs(idsAfter -> new EventHub(SHORT_HISTORY, Topics.HISTORY_BYTES, Topics.BACKLOG_BYTES, idsAfter))),
            new Mutant("ps-last-event-id-prefix", "PS-RESUME-2", "reads the digits Last-Event-ID begins with, as"
                    + " JavaScript's parseInt does: 7abc resumes after 7",
                    serving(() -> new TopicService() {
                        @Override
                        protected Optional<String> resumePoint(Request req) {
                            return super.resumePoint(req).map(l -> l.replaceFirst("^([0-9]+).*$", "$1"));
                        }
                    })),
            new Mutant("ps-stale-silent", "PS-RESUME-2", "resumes from nothing, silently, when a topic cannot resume"
                    + " after Last-Event-ID",
                    withHubs(idsAfter -> new EventHub(Topics.HISTORY, Topics.HISTORY_BYTES, Topics.BACKLOG_BYTES, idsAfter) {
                        @Override
                        protected List<byte[]> staleSignal(String lastEventId) {
                            return List.of();
                        }
                    })),
            new Mutant("ps-slow-blocks-publish", "PS-SLOW-1", "writes to subscribers while holding the lock publishes"
                    + " take: a subscriber that does not read blocks every publish",
                    serving(WritesUnderThePublishLock::new)),
            new Mutant("ps-slow-write-timeout", "PS-SLOW-1", "writes to subscribers one at a time, under one lock, and"
                    + " gives a write " + WRITE_TIMEOUT_MS + " ms before it cuts its subscriber off: while a subscriber"
                    + " does not read, publishes are answered at once but the others wait " + WRITE_TIMEOUT_MS + " ms",
                    serving(WritesOneAtATimeWithATimeout::new)),
            new Mutant("ps-slow-skips-ahead", "PS-SLOW-2", "writes each stream from a queue of " + QUEUED_FRAMES
                    + " frames and drops what does not fit, keeping the stream open",
                    serving(() -> new TopicService() {
                        @Override
                        protected OutputStream streamBody(Request req, Response res) {
                            return new StreamWriter(super.streamBody(req, res), res, new ArrayBlockingQueue<>(QUEUED_FRAMES),
                                    StreamWriter::send);
                        }
                    })),
            new Mutant("ps-leaks-subscriptions", "PS-RELEASE-1", "never releases a subscription whose client has gone;"
                    + " with a limit of " + LEAKY_LIMIT + " subscriptions, churn soon has new subscribers refused 503",
                    serving(() -> new TopicService(new Topics(Topics.MAX_TOPICS, LEAKY_LIMIT)) {
                        @Override
                        protected void release(Request req, EventHub.Subscription s) {
                            // forgotten: the subscription stays, and so does its place in the limit
                        }
                    })));

    private PubSubMutants() {
    }

    private static Supplier<Consumer<Routes>> serving(Supplier<TopicService> service) {
        return () -> {
            TopicService s = service.get(); // a service, and its topics, per server
            return routes -> routes.register(s);
        };
    }

    /** The reference service whose topics get hubs made by {@code hub} (given where the topic's numbers start after). */
    private static Supplier<Consumer<Routes>> withHubs(LongFunction<EventHub> hub) {
        return serving(() -> new TopicService(new Topics() {
            @Override
            protected Hub newHub(String name, long idsAfter) {
                return hub.apply(idsAfter);
            }
        }));
    }

    /** The fault of {@code ps-unknown-topic-404}: topics come into being with their first publish. */
    private static final class PublishedTopicsOnly extends TopicService {
        private final Set<String> published = ConcurrentHashMap.newKeySet();

        @Override
        protected long publish(Request req, String payload) {
            published.add(topic(req));
            return super.publish(req, payload);
        }

        @Override
        protected EventHub.Subscription subscribe(Request req, Optional<String> lastEventId) {
            if (!published.contains(topic(req))) {
                throw new HttpError(Status.NOT_FOUND, "no such topic");
            }
            return super.subscribe(req, lastEventId);
        }
    }

    /**
     * The fault of {@code ps-slow-write-timeout}: one lock for writing to any subscriber, and a write timeout that cuts
     * off (closes the connection of) a subscriber whose write takes longer than {@link #WRITE_TIMEOUT_MS}. Publishing
     * takes no lock, so it is answered at once; what waits is the fan-out.
     */
    private static final class WritesOneAtATimeWithATimeout extends TopicService {
        private final ReentrantLock lock = new ReentrantLock();

        @Override
        protected OutputStream streamBody(Request req, Response res) {
            return new StreamWriter(super.streamBody(req, res), res, new LinkedBlockingQueue<>(), (writer, frame) -> {
                lock.lockInterruptibly();
                try {
                    if (!writer.sendWithin(frame, Duration.ofMillis(WRITE_TIMEOUT_MS))) {
                        writer.cutOff();
                    }
                } finally {
                    lock.unlock();
                }
            });
        }
    }

    /** The fault of {@code ps-slow-blocks-publish}: one lock for publishing and for writing to any subscriber. */
    private static final class WritesUnderThePublishLock extends TopicService {
        private final ReentrantLock lock = new ReentrantLock();

        @Override
        protected long publish(Request req, String payload) {
            lock.lock();
            try {
                return super.publish(req, payload);
            } finally {
                lock.unlock();
            }
        }

        @Override
        protected OutputStream streamBody(Request req, Response res) {
            return new StreamWriter(super.streamBody(req, res), res, new LinkedBlockingQueue<>(), (writer, frame) -> {
                lock.lockInterruptibly();
                try {
                    writer.send(frame);
                } finally {
                    lock.unlock();
                }
            });
        }
    }
}
