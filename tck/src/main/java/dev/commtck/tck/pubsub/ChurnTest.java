package dev.commtck.tck.pubsub;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Subscribers come and go by the hundred: the server must let them go, and those that stay must not notice. */
@ConformanceSuite(Pattern.PUB_SUB)
@DisplayName("pub-sub: churn")
class ChurnTest {

    /** Subscribers that stay through the churn. */
    static final int STAYING = 3;
    /** A message is published every this many cycles, so that a server that notices a disconnect when a write fails can. */
    static final int PUBLISH_EVERY = 10;
    /** Messages published after the churn. */
    static final int AFTER = 20;

    @Test
    @Verifies("PS-RELEASE-1")
    @DisplayName("after hundreds of subscribe/disconnect cycles, subscriptions are still answered at once and the subscribers that stayed still served")
    void churnLeavesTheOthersUnaffected(Target target) {
        int cycles = PubSubSettings.of(target).churnCycles();
        TopicClient client = new TopicClient(target);
        String topic = TopicClient.freshTopic("churn");
        List<EventStream> staying = new ArrayList<>();
        for (int i = 0; i < STAYING; i++) {
            staying.add(client.subscribe(topic));
        }
        List<Published> published = new ArrayList<>();
        long start = target.evidence().now();
        try (TopicClient churning = TopicClient.recordingIn(target, new Evidence())) {
            for (int c = 1; c <= cycles; c++) {
                EventStream s = churning.request(topic);
                s.close();
                if (!TopicClient.isSubscription(s)) {
                    String answer = s.status() + " " + s.head().mediaType() + " " + Text.quoteBytes(s.body());
                    if (c == 1) {
                        throw new EvaluationError("cannot evaluate: a subscription was answered " + answer + " (PS-STREAM-1)");
                    }
                    throw Expect.failure("subscription " + c + " of " + cycles + " answered 200 with an event stream, as the"
                            + " first " + (c - 1) + " were (each disconnected at once)", "it was answered " + answer, s.head());
                }
                if (c % PUBLISH_EVERY == 0) {
                    published.add(client.publish(topic, TopicClient.message("during the churn", c / PUBLISH_EVERY,
                            cycles / PUBLISH_EVERY)));
                }
            }
        }
        target.evidence().note(cycles + " subscriptions opened and closed at once, one after another, in "
                + (target.evidence().now() - start) + " ms");

        EventStream newcomer = client.subscribe(topic);
        long fast = target.tolerances().fast().toMillis();
        Exchange head = newcomer.head();
        Expect.that(head.headersMs() - head.startMs() <= fast, "a subscription after the churn answered within " + fast
                + " ms (tolerance 'fast')", "its head came after " + (head.headersMs() - head.startMs()) + " ms", head);
        for (int i = 1; i <= AFTER; i++) {
            Exchange ex = client.publishExchange(topic, TopicClient.message("after the churn", i, AFTER));
            Expect.that(ex.elapsedMs() <= fast, "every publish after the churn answered within " + fast
                    + " ms (tolerance 'fast')", "publish " + i + " took " + ex.elapsedMs() + " ms", ex);
            published.add(TopicClient.published(ex, topic));
        }
        staying.add(newcomer);
        long wake = target.tolerances().wake().toMillis();
        long deadline = published.get(published.size() - 1).sentMs() + wake;
        for (EventStream s : staying) {
            List<Published> due = s == newcomer ? published.subList(published.size() - AFTER, published.size()) : published;
            s.awaitUntil(st -> !st.isOpen() || due.stream().allMatch(p -> st.events().stream().anyMatch(p::deliveredAs)),
                    deadline);
            for (Published p : due) {
                Optional<SseEvent> e = s.events().stream().filter(p::deliveredAs).findFirst();
                Expect.thatStreams(e.isPresent() && target.evidence().withinAllowingForTheKit(p.sentMs(), e.get().arrivalMs(),
                                wake), "every message published"
                                + " during and after the churn to reach the subscribers that stayed within " + wake
                                + " ms (tolerance 'wake')",
                        "the message " + Text.quote(p.message()) + " (sequence number " + p.sequence() + ") "
                                + e.map(ev -> "arrived " + (ev.arrivalMs() - p.sentMs()) + " ms after its publish")
                                .orElse("did not arrive"), s);
            }
        }
    }
}
