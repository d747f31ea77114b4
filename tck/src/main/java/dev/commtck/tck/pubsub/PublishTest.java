package dev.commtck.tck.pubsub;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.EventStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Publishing: the answer and its sequence number, and the names a topic may have. */
@ConformanceSuite(Pattern.PUB_SUB)
@DisplayName("pub-sub: publish")
class PublishTest {

    /** The largest message the contract allows: 64 KiB. */
    static final int LARGEST_MESSAGE = 64 * 1024;
    /** The longest topic name the contract allows. */
    static final int LONGEST_NAME = 80;

    @Test
    @Verifies("PS-PUBLISH-1")
    @DisplayName("publishes are answered at once, 2xx, with increasing sequence numbers")
    void publishesAreAnsweredAtOnceWithIncreasingSequenceNumbers(Target target) {
        TopicClient client = new TopicClient(target);
        String topic = TopicClient.freshTopic("publish");
        long fast = target.tolerances().fast().toMillis();
        long previous = -1;
        Exchange before = null;
        for (String message : List.of(TopicClient.message("publish", 1, 4), "two lines,\nnon-ASCII: Grüße 世界", "",
                "x".repeat(LARGEST_MESSAGE))) {
            Exchange ex = client.publishExchange(topic, message);
            Expect.that(ex.status() / 100 == 2, "a 2xx status", "the status was " + ex.status(), ex);
            Optional<Long> seq = TopicClient.sequence(ex);
            Expect.that(seq.isPresent(), "the message's sequence number (a decimal integer) as the body",
                    "the body was " + Text.quoteBytes(ex.body()), ex);
            Expect.that(ex.elapsedMs() <= fast, "the answer within " + fast + " ms (tolerance 'fast')",
                    "it took " + ex.elapsedMs() + " ms", ex);
            if (before != null) {
                Expect.that(seq.get() > previous, "a sequence number greater than " + previous + ", the number of the"
                        + " message published to the topic before it", "it was " + seq.get(), before, ex);
            }
            previous = seq.get();
            before = ex;
        }
    }

    @Test
    @Verifies("PS-NAME-1")
    @DisplayName("topic names outside the naming rule are refused 400; a name of 80 characters is accepted")
    void namesOutsideTheRuleAreRefused(Target target) {
        TopicClient client = new TopicClient(target);
        String longest = TopicClient.freshTopic("name");
        longest = longest + "_".repeat(LONGEST_NAME - longest.length());
        for (String name : List.of(longest + "x", "commtck.dotted", "commtck name", "commtck-Grüße")) {
            Exchange published = client.publishExchange(name, TopicClient.message("refused name", 1, 1));
            Expect.that(published.status() == 400, "a publish to the topic " + Text.quote(name) + " answered 400",
                    "it was answered " + published.status(), published);
            EventStream subscribed = client.request(name);
            Expect.that(subscribed.status() == 400, "a subscription to the topic " + Text.quote(name) + " answered 400",
                    "it was answered " + subscribed.status(), subscribed.head());
            subscribed.close();
        }
        Exchange accepted = client.publishExchange(longest, TopicClient.message("longest name", 1, 1));
        Expect.that(accepted.status() / 100 == 2, "a publish to a topic whose name has " + LONGEST_NAME
                + " characters answered 2xx", "it was answered " + accepted.status(), accepted);
    }
}
