package dev.commtck.tck.pubsub;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.sse.EventStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One subscriber stops reading while megabytes are published to its topic: the publisher and the other subscribers
 * must not notice, and the slow one must catch up or be cut off, never skip. The scenario runs once, in the first of
 * these tests ({@link SlowSubscriber}); each test checks one requirement on it.
 */
@ConformanceSuite(Pattern.PUB_SUB)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("pub-sub: a subscriber that stops reading")
class SlowSubscriberTest {

    private final RunOnce<SlowSubscriber> scenario = new RunOnce<>();

    @Test
    @Verifies("PS-SLOW-1")
    @DisplayName("while one subscriber does not read, publishes are answered within 'fast' and the others served within"
            + " 'wake' (a late run is run again before it fails)")
    void aSlowSubscriberDelaysNoOne(Target target) {
        long wake = target.tolerances().wake().toMillis();
        SlowSubscriber first = scenario.get(target, SlowSubscriberTest::run);
        Optional<String> late = first.lateness(wake);
        if (late.isEmpty()) {
            return;
        }
        // a server that waits on a subscriber that does not read is late in every run; a busy moment of the machine is not
        target.evidence().note("in the first run " + late.get() + "; running the scenario again on a fresh topic");
        SlowSubscriber again = run(target);
        Optional<String> lateAgain = again.lateness(wake);
        List<EventStream> streams = new ArrayList<>(again.readers());
        streams.add(again.slow());
        Expect.thatStreams(lateAgain.isEmpty(), "every publish answered within " + first.fast() + " ms (tolerance 'fast'),"
                        + " and each message at the subscribers that kept reading within " + wake + " ms (tolerance 'wake')"
                        + " of its publish, while a subscriber of the topic did not read, in one of two runs at least",
                "in the first run " + late.get() + "; in the second, " + lateAgain.orElse(""),
                streams.toArray(EventStream[]::new));
        target.evidence().note("the second run was on time: the first was late because of the machine, not the server");
    }

    @Test
    @Verifies("PS-SLOW-2")
    @DisplayName("the subscriber that stopped reading catches up in order, or its stream is ended: it never skips")
    void aSlowSubscriberCatchesUpOrIsCutOff(Target target) {
        SlowSubscriber s = scenario.get(target, SlowSubscriberTest::run);
        List<Integer> order = s.order();
        List<Integer> got = SlowSubscriber.numbers(s.slow());
        int same = 0;
        while (same < got.size() && same < order.size() && got.get(same).equals(order.get(same))) {
            same++;
        }
        Expect.thatStreams(same == got.size(), "the slow subscriber to receive the messages in the order they were"
                        + " published, without a gap: " + order.subList(0, Math.min(got.size(), order.size())),
                "it received " + got + (s.slow().isOpen() ? ", and its stream stayed open" : ""), s.slow());
        boolean caughtUp = got.containsAll(s.published().stream().map(p -> SlowSubscriber.number(p.message())).toList());
        Expect.thatStreams(caughtUp || s.slow().endedByServer(), "the slow subscriber, reading again at +" + s.resumedMs()
                        + " ms, to have all " + s.published().size() + " messages within 'delivery', or its stream ended"
                        + " by the server", "it had " + got.size() + " and its stream was still open", s.slow());
        target.evidence().note(caughtUp ? "the slow subscriber caught up: it received all " + got.size()
                + " messages, in order" : "the slow subscriber was cut off: it received the first " + got.size() + " of "
                + order.size() + " messages, in order, then its stream ended (" + s.slow().ending().orElse("") + ")");
    }

    /** The scenario, run by the first test of the class and recorded in its evidence. */
    private static SlowSubscriber run(Target target) {
        long start = target.evidence().now();
        SlowSubscriber s = SlowSubscriber.run(target, PubSubSettings.of(target), new Evidence());
        List<String> streams = new ArrayList<>();
        s.readers().forEach(r -> streams.add(r.describe()));
        streams.add(s.slow().describe());
        target.evidence().record(start, "published " + (s.published().size() - 1) + " messages of "
                + SlowSubscriber.MESSAGE_BYTES / 1024 + " KiB while one of three subscribers did not read"
                + (s.unanswered().isPresent() ? " (the next was not answered within 'fast')" : "")
                + ", and one more once it read again at +" + s.resumedMs() + " ms; " + s.latencies(),
                Map.of("streams", String.join("\n\n", streams)));
        return s;
    }
}
