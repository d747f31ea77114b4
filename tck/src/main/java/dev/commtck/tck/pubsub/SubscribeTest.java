package dev.commtck.tck.pubsub;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.SseEvent;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Subscribing: any topic can be subscribed to, a subscription is active once its head arrives, and only from then. */
@ConformanceSuite(Pattern.PUB_SUB)
@DisplayName("pub-sub: subscriptions")
class SubscribeTest {

    /** How many times a message is published right after a subscription's head arrived. */
    static final int ACTIVE_ROUNDS = 20;
    /** Messages published before the late subscriber joins. */
    static final int EARLIER = 3;

    @Test
    @Verifies("PS-STREAM-1")
    @DisplayName("a topic nothing was published to is answered at once: 200 text/event-stream without Content-Length")
    void anyTopicIsAnEventStreamAtOnce(Target target) {
        TopicClient client = new TopicClient(target);
        EventStream s = client.request(TopicClient.freshTopic("quiet"));
        Expect.status(s.head(), 200);
        Expect.mediaType(s.head(), "text/event-stream");
        Expect.that(s.header("content-length").isEmpty(), "no Content-Length on a response that never ends",
                "it had Content-Length: " + s.header("content-length").orElse(""), s.head());
        // timed on a second topic, so that the kit's own start-up (classes, connections) is not counted
        Exchange again = client.request(TopicClient.freshTopic("quiet")).head();
        long fast = target.tolerances().fast().toMillis();
        Expect.that(again.headersMs() - again.startMs() <= fast, "the status line and headers within " + fast
                        + " ms (tolerance 'fast') of the request, on a topic with no message",
                "they came after " + (again.headersMs() - again.startMs()) + " ms", again);
    }

    @Test
    @Verifies("PS-ACTIVE-1")
    @DisplayName("20 times: a message published as soon as a subscription's head arrives reaches it")
    void activeFromItsHead(Target target) {
        TopicClient client = new TopicClient(target);
        String topic = TopicClient.freshTopic("active");
        for (int i = 1; i <= ACTIVE_ROUNDS; i++) {
            EventStream s = client.subscribe(topic);
            Published p = client.publish(topic, TopicClient.message("active", i, ACTIVE_ROUNDS));
            TopicClient.awaitDelivery(target, s, p);
            s.close();
        }
        target.evidence().note(ACTIVE_ROUNDS + " subscriptions each received the message published right after their"
                + " head arrived");
    }

    @Test
    @Verifies("PS-LATE-1")
    @DisplayName("a subscriber that joins late gets no message published before it")
    void lateJoinerGetsNothingEarlier(Target target) {
        TopicClient client = new TopicClient(target);
        String topic = TopicClient.freshTopic("late");
        for (int i = 1; i <= EARLIER; i++) {
            client.publish(topic, TopicClient.message("before the subscription", i, EARLIER));
        }
        EventStream s = client.subscribe(topic);
        Published live = client.publish(topic, TopicClient.message("after the subscription", 1, 1));
        TopicClient.awaitDelivery(target, s, live);
        List<String> got = s.events().stream().filter(e -> e.type().equals(SseEvent.DEFAULT_TYPE))
                .map(e -> e.id().orElse("no id") + " " + Text.quote(e.data(), 60)).toList();
        Expect.thatStreams(got.size() == 1, "only the message published after the subscription became active ("
                        + live.sequence() + " " + Text.quote(live.message()) + ")",
                "the stream carried " + got, s);
    }
}
