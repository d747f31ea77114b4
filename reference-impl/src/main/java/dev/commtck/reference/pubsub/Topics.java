package dev.commtck.reference.pubsub;

import dev.commtck.reference.sse.EventHub;
import dev.commtck.reference.sse.Hub;
import dev.commtck.reference.http.HttpError;
import dev.commtck.reference.http.Status;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The topics of publish/subscribe, each a {@link Hub} of its own (an {@link EventHub}, unless nodes share them): a topic's sequence numbers are its hub's event
 * ids, its history is the hub's, and its subscriptions are the hub's streams. A publish encodes its message once and
 * hands the same bytes to every subscription's bounded backlog without waiting for any client, so publishing costs a
 * few memory operations per subscriber, whatever the subscribers do; a subscriber that falls behind by more than its
 * backlog is cut off. A topic is created when it is first named.
 *
 * <p>Limits (each refused with {@code 503} when reached):
 * <ul>
 *   <li>{@link #maxTopics} topics are held at once (default {@value #MAX_TOPICS}). To make room for a new one, topics
 *       without subscriptions are forgotten, least recently used first, with their history; a forgotten topic that
 *       is named again numbers its messages above every number a forgotten topic reached, so that a topic's numbers
 *       never go back and an old {@code Last-Event-ID} gets the stale signal.</li>
 *   <li>{@link #maxSubscriptions} subscriptions at once (default {@value #MAX_SUBSCRIPTIONS}).</li>
 *   <li>each topic keeps its last {@value #HISTORY} messages for resumption, and at most {@value #HISTORY_BYTES} bytes
 *       of their UTF-8 (so that it keeps {@value #HISTORY} messages of up to 1 KiB, as the contract promises); each
 *       subscription may fall {@link #BACKLOG_BYTES} (1 MiB) behind before it is cut off. The history holds the
 *       messages as strings (at most twice their UTF-8), and a backlog refers to frames its topic shares with its other
 *       subscriptions (each backlog is a suffix of the topic's messages), so that the messages held are bounded by
 *       {@code maxTopics × (2 × HISTORY_BYTES + BACKLOG_BYTES)} (1.5 GiB at worst, with every topic full and a
 *       subscriber 1 MiB behind on each) plus a few kilobytes per subscription.</li>
 * </ul>
 *
 * <p>Thread-safe. The protected method is the seam through which the kit's mutants give topics faulty hubs.
 */
public class Topics {

    public static final int MAX_TOPICS = 1024;
    public static final int MAX_SUBSCRIPTIONS = 20_000;
    public static final int HISTORY = 256;
    public static final int HISTORY_BYTES = 256 * 1024;
    public static final int BACKLOG_BYTES = EventHub.DEFAULT_OUTBOX_BYTES;

    /** A topic: its hub, how many requests are using it right now, and when it was last used. */
    private record Topic(Hub hub, AtomicInteger users, AtomicLong lastUsed) {
        boolean idle() {
            return users.get() == 0 && hub.streams() == 0;
        }
    }

    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicLong forgottenUpTo = new AtomicLong();
    private final int maxTopics;
    private final int maxSubscriptions;

    public Topics() {
        this(MAX_TOPICS, MAX_SUBSCRIPTIONS);
    }

    /**
     * @param maxTopics        how many topics are held at once
     * @param maxSubscriptions how many subscriptions are open at once
     */
    public Topics(int maxTopics, int maxSubscriptions) {
        this.maxTopics = maxTopics;
        this.maxSubscriptions = maxSubscriptions;
    }

    /** Publishes a message to the topic's subscriptions and history; returns its sequence number. */
    public long publish(String topic, String message) {
        return using(topic, hub -> hub.publish(message));
    }

    /** Opens a subscription to the topic for {@code client}. */
    public EventHub.Subscription subscribe(String topic, Optional<String> lastEventId, String client) {
        if (subscriptions.incrementAndGet() > maxSubscriptions) {
            subscriptions.decrementAndGet();
            throw unavailable("the server holds " + maxSubscriptions + " subscriptions, its limit");
        }
        try {
            return using(topic, hub -> hub.subscribe(lastEventId, client));
        } catch (RuntimeException e) {
            subscriptions.decrementAndGet();
            throw e;
        }
    }

    /** The subscription's stream has ended: everything it held is released. */
    public void release(String topic, EventHub.Subscription s) {
        s.close();
        subscriptions.decrementAndGet();
        Topic t = topics.get(topic);
        if (t != null) {
            t.lastUsed().set(System.nanoTime());
        }
    }

    /** How many topics are held. */
    public int topics() {
        return topics.size();
    }

    /** How many subscriptions are open. */
    public int subscriptions() {
        return subscriptions.get();
    }

    /**
     * Runs the action on the topic's hub, creating the topic if needed; while it runs, the topic cannot be forgotten
     * (its users are counted under the map's lock for its name, where forgetting checks them).
     */
    private <T> T using(String name, Function<Hub, T> action) {
        if (!topics.containsKey(name) && topics.size() >= maxTopics) {
            makeRoom();
        }
        Topic topic = topics.compute(name, (k, existing) -> {
            if (existing == null && topics.size() >= maxTopics) {
                throw unavailable("the server holds " + maxTopics + " topics with subscriptions, its limit");
            }
            Topic t = existing != null ? existing
                    : new Topic(newHub(name, forgottenUpTo.get()), new AtomicInteger(), new AtomicLong(System.nanoTime()));
            t.users().incrementAndGet();
            return t;
        });
        try {
            return action.apply(topic.hub());
        } finally {
            topic.users().decrementAndGet();
            topic.lastUsed().set(System.nanoTime());
        }
    }

    /** Forgets idle topics, least recently used first: an eighth of the limit at a time, so that this runs rarely. */
    private void makeRoom() {
        List<String> idle = topics.entrySet().stream().filter(e -> e.getValue().idle())
                .sorted(Comparator.comparingLong(e -> e.getValue().lastUsed().get()))
                .limit(Math.max(1, maxTopics / 8)).map(Map.Entry::getKey).toList();
        for (String name : idle) {
            topics.computeIfPresent(name, (k, t) -> {
                if (!t.idle()) {
                    return t;
                }
                forgottenUpTo.accumulateAndGet(t.hub().lastId(), Math::max);
                t.hub().close();
                return null;
            });
        }
    }

    private static HttpError unavailable(String why) {
        return new HttpError(Status.SERVICE_UNAVAILABLE, why);
    }

    // ---- seam for the kit's mutants

    /** The hub of a new topic, named {@code name}, whose sequence numbers start after {@code idsAfter}. */
    protected Hub newHub(String name, long idsAfter) {
        return new EventHub(HISTORY, HISTORY_BYTES, BACKLOG_BYTES, idsAfter);
    }
}
