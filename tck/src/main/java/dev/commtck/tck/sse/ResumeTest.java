package dev.commtck.tck.sse;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.Events;
import dev.commtck.tck.support.sse.SseEvent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Event ids, and picking a stream up again after a reconnect with {@code Last-Event-ID}. */
@ConformanceSuite(Pattern.SSE)
@DisplayName("sse: ids and resumption")
class ResumeTest {

    static final int ID_EVENTS = 10;
    private static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final String STALE = "stale";

    @Test
    @Verifies("SSE-ID-1")
    @DisplayName("ids are increasing decimal integers, the same on every stream and in the trigger's answer")
    void idsIncreaseAndAgree(Target target) {
        EventStream a = Streams.open(target);
        EventStream b = Streams.open(target);
        List<Trigger> triggers = Trigger.send(target, ID_EVENTS, "id check");
        long deadline = triggers.get(ID_EVENTS - 1).sentMs() + target.tolerances().wake().toMillis();
        for (EventStream s : List.of(a, b)) {
            // matched by payload, not by id: the ids are what is checked
            s.awaitUntil(st -> triggers.stream().allMatch(t -> st.events().stream().anyMatch(e -> e.data().equals(t.payload()))),
                    deadline);
            List<String> missing = triggers.stream().map(Trigger::payload)
                    .filter(p -> s.events().stream().noneMatch(e -> e.data().equals(p))).toList();
            Streams.expect(missing.isEmpty(), "all " + ID_EVENTS + " events on the stream by +" + deadline
                    + " ms, so that their ids can be compared", "these did not arrive: " + missing, s);
            BigInteger previous = null;
            for (SseEvent e : s.events()) {
                if (e.type().equals(STALE)) {
                    continue;
                }
                Streams.expect(e.carriesId() && e.lastEventId().matches("[0-9]+"), "every event to carry an id that is a"
                        + " decimal integer", "the event " + Text.quote(e.data()) + " arrived at +" + e.arrivalMs() + " ms "
                        + e.id().map(id -> "with the id " + Text.quote(id)).orElse("without an id field"), s);
                BigInteger id = new BigInteger(e.lastEventId());
                Streams.expect(previous == null || id.compareTo(previous) > 0, "each id greater than the one before it",
                        "the id " + id + " (at +" + e.arrivalMs() + " ms) follows the id " + previous, s);
                previous = id;
            }
        }
        for (Trigger t : triggers) {
            List<String> ids = new ArrayList<>();
            for (EventStream s : List.of(a, b)) {
                ids.add(s.events().stream().filter(e -> e.data().equals(t.payload())).findFirst().orElseThrow().lastEventId());
            }
            Streams.expect(ids.stream().allMatch(t.id()::equals), "the event " + Text.quote(t.payload()) + " to have the id "
                    + t.id() + " that its trigger answered, on both streams", "the streams had " + ids, a, b);
        }
    }

    @Test
    @Verifies("SSE-RESUME-1")
    @DisplayName("a reconnect with Last-Event-ID gets exactly the later events, then live ones")
    void resumesWithoutGapOrDuplicate(Target target) {
        EventStream witness = Streams.open(target);
        EventStream first = Streams.open(target);
        List<Trigger> before = Trigger.send(target, 5, "before the reconnect");
        before.forEach(t -> Streams.awaitCaused(target, first, t));
        first.close(); // the client loses its connection after event 3's id was the last it kept
        String lastSeen = before.get(2).id();
        List<Trigger> meanwhile = Trigger.send(target, 3, "while disconnected");
        meanwhile.forEach(t -> Streams.awaitCaused(target, witness, t));
        EventStream resumed = Streams.open(target, LAST_EVENT_ID, lastSeen);
        Trigger live = Trigger.send(target, Trigger.payload("after the reconnect", 1, 1));
        Streams.awaitCaused(target, resumed, live);
        Streams.awaitCaused(target, witness, live);

        List<String> expected = Events.describe(Events.after(Events.upToAndIncluding(witness.events(), live::caused),
                e -> e.hasId(lastSeen)));
        List<String> got = Events.describe(Events.upToAndIncluding(resumed.events(), live::caused));
        Streams.expect(got.equals(expected), "after Last-Event-ID: " + lastSeen + " exactly the events a stream that stayed"
                        + " open got after it, in order, up to the live one: " + expected,
                "the resumed stream got " + got, resumed, witness);
    }

    /** The ways a {@code Last-Event-ID} can name a point the server cannot resume after. */
    enum Unresumable {
        OLDER_THAN_THE_HISTORY("an id older than the history", target -> {
            Trigger oldest = Trigger.send(target, Trigger.payload("soon out of the history", 1, 1));
            Trigger.sendQuietly(target, SseSettings.history(target), "pushing it out of the history");
            return new BigInteger(oldest.id()).subtract(BigInteger.ONE).toString();
        }),
        GREATER_THAN_ANY_ID("an id greater than any sent", target ->
                new BigInteger(Trigger.send(target, Trigger.payload("the newest", 1, 1)).id())
                        .add(BigInteger.valueOf(1_000_000_000L)).toString()),
        NOT_AN_ID("a value that is not a decimal integer", target -> "commtck-no-such-id");

        private final String description;
        private final Function<Target, String> lastEventId;

        Unresumable(String description, Function<Target, String> lastEventId) {
            this.description = description;
            this.lastEventId = lastEventId;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    @ParameterizedTest(name = "Last-Event-ID: {0} gets the stale signal first")
    @EnumSource(Unresumable.class)
    @Verifies("SSE-RESUME-2")
    void unresumablePointIsSignalledStale(Unresumable point, Target target) {
        String lastEventId = point.lastEventId.apply(target);
        EventStream s = Streams.open(target, LAST_EVENT_ID, lastEventId);
        Trigger live = Trigger.send(target, Trigger.payload("after the stale signal", 1, 1));
        Streams.awaitCaused(target, s, live);
        Optional<SseEvent> first = s.events().stream().findFirst();
        Streams.expect(first.map(e -> e.type().equals(STALE)).orElse(false),
                "with Last-Event-ID: " + lastEventId + " (" + point + "), an event of type stale before any other",
                first.map(e -> "the first event was of type " + Text.quote(e.type()) + " with data " + Text.quote(e.data(), 60)
                        + e.id().map(id -> " and id " + id).orElse("")).orElse("there was none"), s);
        Streams.expect(first.get().data().equals(lastEventId), "the stale signal's data to be the Last-Event-ID "
                + Text.quote(lastEventId), "it was " + Text.quote(first.get().data(), 60), s);
    }
}
