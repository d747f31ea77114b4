package dev.commtck.tck.pubsub;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.Events;
import dev.commtck.tck.support.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Resuming a subscription with {@code Last-Event-ID}, within its topic's own history and sequence numbers. */
@ConformanceSuite(Pattern.PUB_SUB)
@DisplayName("pub-sub: resumption")
class ResumeTest {

    static final String LAST_EVENT_ID = "Last-Event-ID";
    static final String STALE = SseEvent.STALE_TYPE;
    /** The size of the messages that fill the history: the largest of which the contract says a topic keeps its number. */
    static final int HISTORY_MESSAGE_BYTES = 1024;
    /** Messages of the topic before the disconnect, and while the subscriber is away. */
    static final int BEFORE = 3;
    static final int MEANWHILE = 2;

    @Test
    @Verifies("PS-RESUME-1")
    @DisplayName("Last-Event-ID resumes after the last message seen: the topic's messages since, no duplicate, nothing of another topic")
    void resumesWithinItsTopic(Target target) {
        TopicClient client = new TopicClient(target);
        String topic = TopicClient.freshTopic("resume");
        String other = TopicClient.freshTopic("resume-other");
        EventStream witness = client.subscribe(topic);
        EventStream first = client.subscribe(topic);
        Published lastSeen = null;
        for (int i = 1; i <= BEFORE; i++) {
            lastSeen = client.publish(topic, TopicClient.message("before the disconnect", i, BEFORE));
            TopicClient.awaitDelivery(target, first, lastSeen);
        }
        first.close();
        for (int i = 1; i <= MEANWHILE; i++) {
            TopicClient.awaitDelivery(target, witness, client.publish(topic, TopicClient.message("while away", i, MEANWHILE)));
            client.publish(other, TopicClient.message("on another topic, while away", i, MEANWHILE));
        }
        String after = String.valueOf(lastSeen.sequence());
        EventStream resumed = client.subscribe(topic, LAST_EVENT_ID, after);
        Published live = client.publish(topic, TopicClient.message("after the reconnect", 1, 1));
        TopicClient.awaitDelivery(target, resumed, live);
        TopicClient.awaitDelivery(target, witness, live);

        List<String> expected = Events.describe(Events.after(Events.upToAndIncluding(messages(witness), live::deliveredAs),
                lastSeen::deliveredAs));
        List<String> got = Events.describe(Events.upToAndIncluding(messages(resumed), live::deliveredAs));
        Expect.thatStreams(got.equals(expected), "after Last-Event-ID: " + after + " exactly the messages a subscriber"
                        + " that stayed got after it, in order, up to the live one: " + expected,
                "the resumed subscription got " + got, resumed, witness);
    }

    @Test
    @Verifies("PS-RESUME-1")
    @DisplayName("Last-Event-ID of the newest message that has left the topic's history (pub-sub.history messages of 1 KiB)"
            + " gets every message it keeps")
    void resumesFromTheEdgeOfTheHistory(Target target) {
        int history = PubSubSettings.of(target).history();
        String topic = TopicClient.freshTopic("resume-edge");
        List<Published> filling = new ArrayList<>();
        try (TopicClient quiet = TopicClient.recordingIn(target, new Evidence())) {
            for (int i = 0; i <= history; i++) {
                filling.add(quiet.publish(topic,
                        TopicClient.message("filling the history", i + 1, history + 1, HISTORY_MESSAGE_BYTES)));
            }
        }
        target.evidence().note("published " + filling.size() + " messages of " + HISTORY_MESSAGE_BYTES + " bytes to " + topic
                + ", sequence numbers " + filling.get(0).sequence() + " to " + filling.get(history).sequence()
                + ": a history of " + history + " (pub-sub.history) keeps all but the first");
        String edge = String.valueOf(filling.get(0).sequence());
        TopicClient client = new TopicClient(target);
        EventStream resumed = client.subscribe(topic, LAST_EVENT_ID, edge);
        Published live = client.publish(topic, TopicClient.message("after resuming at the edge of the history", 1, 1));
        TopicClient.awaitDelivery(target, resumed, live);

        List<String> expected = new ArrayList<>(filling.stream().skip(1).map(ResumeTest::exactly).toList());
        expected.add(exactly(live));
        List<String> got = Events.exactly(Events.upToAndIncluding(messages(resumed), live::deliveredAs));
        boolean stale = resumed.events().stream().anyMatch(e -> e.type().equals(STALE));
        Expect.thatStreams(got.equals(expected), "after Last-Event-ID: " + edge + ", the sequence number of the newest"
                        + " message that has left a history of " + history + " (pub-sub.history), all " + history
                        + " messages the topic keeps, in order, then the live one",
                (stale ? "the subscription began with the stale signal: the topic no longer had them all (it keeps fewer"
                        + " than pub-sub.history messages of 1 KiB); " : "") + Events.difference(expected, got), resumed);
    }

    /** The event a published message must arrive as, as {@link Events#exactly(List)} has it. */
    private static String exactly(Published p) {
        return Events.exactly(String.valueOf(p.sequence()), SseEvent.DEFAULT_TYPE, p.message());
    }

    /** The stream's message events: a server's events of its own types are not compared. */
    private static List<SseEvent> messages(EventStream s) {
        return s.events().stream().filter(e -> e.type().equals(SseEvent.DEFAULT_TYPE)).toList();
    }

    /** The ways a {@code Last-Event-ID} can name a point a topic cannot resume after; each prepares its topic. */
    enum Unresumable {
        OLDER_THAN_THE_HISTORY("older than the topic's history", (target, topic) -> {
            Published oldest = new TopicClient(target).publish(topic, TopicClient.message("soon out of the history", 1, 1));
            int history = PubSubSettings.of(target).history();
            Evidence own = new Evidence();
            try (TopicClient quiet = TopicClient.recordingIn(target, own)) {
                for (int i = 1; i <= history; i++) {
                    quiet.publish(topic, TopicClient.message("pushing it out of the history", i, history));
                }
            }
            target.evidence().note("published " + history + " messages (pub-sub.history) after it, to push it out");
            return String.valueOf(oldest.sequence() - 1);
        }),
        ANOTHER_TOPICS_NUMBER("a number another topic reached, beyond this topic's newest", (target, topic) -> {
            TopicClient client = new TopicClient(target);
            Published newest = client.publish(topic, TopicClient.message("the topic's newest", 1, 1));
            String other = TopicClient.freshTopic("resume-elsewhere");
            Published elsewhere = null;
            for (int i = 1; i <= BEFORE + MEANWHILE; i++) {
                elsewhere = client.publish(other, TopicClient.message("on another topic", i, BEFORE + MEANWHILE));
            }
            return String.valueOf(elsewhere.sequence() > newest.sequence() ? elsewhere.sequence()
                    : newest.sequence() + 1_000_000_000L);
        }),
        NOT_A_NUMBER("not a decimal integer", (target, topic) -> "commtck-no-such-number"),
        NUMBER_WITH_LETTERS("the topic's newest number followed by letters",
                (target, topic) -> newest(target, topic) + "abc"),
        SIGNED_NUMBER("the topic's newest number with a plus sign", (target, topic) -> "+" + newest(target, topic)),
        NUMBER_WITH_A_FRACTION("the topic's newest number with a decimal fraction",
                (target, topic) -> newest(target, topic) + ".0");

        private final String description;
        private final PointOf lastEventId;

        Unresumable(String description, PointOf lastEventId) {
            this.description = description;
            this.lastEventId = lastEventId;
        }

        /** The sequence number of a new message of the topic: a point it could resume after, were it read leniently. */
        private static long newest(Target target, String topic) {
            return new TopicClient(target).publish(topic, TopicClient.message("the topic's newest", 1, 1)).sequence();
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** Prepares a topic and names a point it cannot resume after. */
    @FunctionalInterface
    interface PointOf {
        String lastEventId(Target target, String topic);
    }

    @ParameterizedTest(name = "Last-Event-ID {0} gets the stale signal first")
    @EnumSource(Unresumable.class)
    @Verifies("PS-RESUME-2")
    void unresumablePointIsSignalledStale(Unresumable point, Target target) {
        String topic = TopicClient.freshTopic("stale");
        String lastEventId = point.lastEventId.lastEventId(target, topic);
        TopicClient client = new TopicClient(target);
        EventStream s = client.subscribe(topic, LAST_EVENT_ID, lastEventId);
        TopicClient.awaitDelivery(target, s, client.publish(topic, TopicClient.message("after the stale signal", 1, 1)));
        Expect.staleSignalFirst(s, lastEventId, point);
    }
}
