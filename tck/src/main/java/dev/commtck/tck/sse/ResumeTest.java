package dev.commtck.tck.sse;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.Events;
import dev.commtck.tck.support.sse.SseEvent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
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
    /** Triggers sent {@value Trigger#IN_FLIGHT} at a time, so that the server numbers them concurrently. */
    static final int CONCURRENT_ID_EVENTS = 64;
    /** How often the probe of the history's edge is made when the server's own events move the edge meanwhile. */
    static final int EDGE_ATTEMPTS = 3;
    private static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final String STALE = SseEvent.STALE_TYPE;

    @Test
    @Verifies("SSE-ID-2")
    @DisplayName("ids are increasing decimal integers, the same on every stream and in the trigger's answer")
    void idsIncreaseAndAgree(Target target) {
        EventStream a = Streams.open(target);
        EventStream b = Streams.open(target);
        expectIdsInStreamOrderAndAgreed(target, Trigger.send(target, ID_EVENTS, "id check"), a, b);
    }

    @Test
    @Verifies("SSE-ID-2")
    @DisplayName("triggers sent 16 at a time go out in the order of their ids, the ids their triggers were answered")
    void concurrentTriggersGoOutInIdOrder(Target target) {
        EventStream a = Streams.open(target);
        EventStream b = Streams.open(target);
        expectIdsInStreamOrderAndAgreed(target, Trigger.sendQuietly(target, CONCURRENT_ID_EVENTS, "concurrent id check"), a, b);
    }

    /**
     * Every trigger's event reaches each stream; on each, every event of the default type carries an id, each id is a
     * decimal integer greater than the one before it, and each trigger's event has the id its trigger was answered.
     * Events are matched by payload, not by id: the ids are what is checked.
     */
    private static void expectIdsInStreamOrderAndAgreed(Target target, List<Trigger> triggers, EventStream... streams) {
        long deadline = triggers.stream().mapToLong(Trigger::sentMs).max().orElseThrow() + target.tolerances().wake().toMillis();
        for (EventStream s : streams) {
            s.awaitUntil(st -> triggers.stream().allMatch(t -> st.events().stream().anyMatch(e -> e.data().equals(t.payload()))),
                    deadline);
            List<String> missing = triggers.stream().map(Trigger::payload)
                    .filter(p -> s.events().stream().noneMatch(e -> e.data().equals(p))).toList();
            Streams.expect(missing.isEmpty(), "all " + triggers.size() + " events on the stream by +" + deadline
                    + " ms, so that their ids can be compared", "these did not arrive: " + missing, s);
            BigInteger previous = null;
            for (SseEvent e : s.events()) {
                if (!e.carriesId() && !e.type().equals(SseEvent.DEFAULT_TYPE)) {
                    continue; // a notice to this stream alone, such as the stale signal, has no place in the sequence
                }
                Streams.expect(e.carriesId() && e.lastEventId().matches("[0-9]+"), "every event of the default type to"
                        + " carry an id that is a decimal integer", "the event " + Text.quote(e.data()) + " arrived at +"
                        + e.arrivalMs() + " ms " + e.id().map(id -> "with the id " + Text.quote(id)).orElse("without an id field"), s);
                BigInteger id = new BigInteger(e.lastEventId());
                Streams.expect(previous == null || id.compareTo(previous) > 0, "each id greater than the one before it on"
                        + " the stream", "the id " + id + " (at +" + e.arrivalMs() + " ms) follows the id " + previous, s);
                previous = id;
            }
        }
        for (Trigger t : triggers) {
            List<String> ids = new ArrayList<>();
            for (EventStream s : streams) {
                ids.add(s.events().stream().filter(e -> e.data().equals(t.payload())).findFirst().orElseThrow().lastEventId());
            }
            Streams.expect(ids.stream().allMatch(t.id()::equals), "the event " + Text.quote(t.payload()) + " to have the id "
                    + t.id() + " that its trigger answered, on every stream", "the streams had " + ids, streams);
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

        List<String> expected = Events.describe(replayed(witness, lastSeen, live));
        List<String> got = Events.describe(Events.upToAndIncluding(Events.withIds(resumed.events()), live::caused));
        Streams.expect(got.equals(expected), "after Last-Event-ID: " + lastSeen + " exactly the events a stream that stayed"
                        + " open got after it, in order, up to the live one: " + expected,
                "the resumed stream got " + got, resumed, witness);
    }

    /** The events a stream that stayed open got after {@code lastEventId}, up to the live one: what a resumption replays. */
    private static List<SseEvent> replayed(EventStream witness, String lastEventId, Trigger live) {
        return Events.after(Events.upToAndIncluding(Events.withIds(witness.events()), live::caused), e -> e.hasId(lastEventId));
    }

    @Test
    @Verifies("SSE-RESUME-1")
    @DisplayName("Last-Event-ID of the newest event that has left the history (sse.history) gets every event it keeps")
    void resumesFromTheEdgeOfTheHistory(Target target) {
        int history = SseSettings.history(target);
        long wake = target.tolerances().wake().toMillis();
        for (int attempt = 1; ; attempt++) {
            EventStream witness = Streams.open(target);
            List<Trigger> filling = Trigger.sendQuietly(target, history + 1, "filling the history");
            filling.forEach(t -> Streams.awaitCaused(target, witness, t));
            List<SseEvent> sequence = Events.withIds(witness.events());
            // the history keeps the newest 'history' events; the one before them has just left it
            String edge = sequence.get(sequence.size() - 1 - history).lastEventId();
            EventStream resumed = Streams.open(target, LAST_EVENT_ID, edge);
            resumed.awaitUntil(r -> Events.withIds(r.events()).size() >= history
                    || r.events().stream().anyMatch(e -> e.type().equals(STALE)), resumed.headersMs() + wake);
            Trigger live = Trigger.send(target, Trigger.payload("after resuming at the edge of the history", attempt, attempt));
            Streams.awaitCaused(target, resumed, live);
            Streams.awaitCaused(target, witness, live);

            List<String> expected = Events.exactly(replayed(witness, edge, live));
            List<String> got = Events.exactly(Events.upToAndIncluding(Events.withIds(resumed.events()), live::caused));
            if (got.equals(expected)) {
                return;
            }
            boolean stale = resumed.events().stream().anyMatch(e -> e.type().equals(STALE));
            // events of the server's own between the look at the witness and the live event moved the edge
            boolean edgeMoved = Events.upToAndIncluding(Events.withIds(witness.events()), live::caused).size()
                    > sequence.size() + 1;
            if (stale && edgeMoved && attempt < EDGE_ATTEMPTS) {
                target.evidence().note("the server sent events of its own while the kit probed the edge of its history,"
                        + " which moved it; probing again");
                witness.close();
                resumed.close();
                continue;
            }
            if (stale && edgeMoved) {
                throw new EvaluationError("cannot evaluate: in " + EDGE_ATTEMPTS + " attempts the server sent events of its"
                        + " own while the kit probed the edge of its history, so that the stale signal may have been right");
            }
            throw Streams.failure("after Last-Event-ID: " + edge + ", the id of the newest event that has left a history of "
                            + history + " events (sse.history), all " + history + " events the history keeps, in order, then"
                            + " the live one (id " + live.id() + ")",
                    (stale ? "the stream began with the stale signal: the server no longer had them all (it keeps fewer"
                            + " than sse.history, or counts the edge as gone); " : "") + Events.difference(expected, got),
                    resumed, witness);
        }
    }

    /** The ways a {@code Last-Event-ID} can name a point the server cannot resume after. */
    enum Unresumable {
        OLDER_THAN_THE_HISTORY("an id older than the history", target -> {
            Trigger oldest = Trigger.send(target, Trigger.payload("soon out of the history", 1, 1));
            Trigger.sendQuietly(target, SseSettings.history(target), "pushing it out of the history");
            return new BigInteger(oldest.id()).subtract(BigInteger.ONE).toString();
        }),
        GREATER_THAN_ANY_ID("an id greater than any sent", target ->
                new BigInteger(newestId(target)).add(BigInteger.valueOf(1_000_000_000L)).toString()),
        NOT_AN_ID("a value that is not a decimal integer", target -> "commtck-no-such-id"),
        ID_WITH_LETTERS("the newest id followed by letters", target -> newestId(target) + "abc"),
        SIGNED_ID("the newest id with a plus sign", target -> "+" + newestId(target)),
        ID_WITH_A_FRACTION("the newest id with a decimal fraction", target -> newestId(target) + ".0");

        private final String description;
        private final Function<Target, String> lastEventId;

        Unresumable(String description, Function<Target, String> lastEventId) {
            this.description = description;
            this.lastEventId = lastEventId;
        }

        /** The id of a new event: a point the server could resume after, were it read leniently. */
        private static String newestId(Target target) {
            return Trigger.send(target, Trigger.payload("the newest", 1, 1)).id();
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
        EventStream s = openAfterLive(target, lastEventId);
        Expect.staleSignalFirst(s, lastEventId, point);
    }

    /** A stream opened with this {@code Last-Event-ID}, once the event of a trigger sent after it has arrived. */
    private static EventStream openAfterLive(Target target, String lastEventId) {
        EventStream s = Streams.open(target, LAST_EVENT_ID, lastEventId);
        Streams.awaitCaused(target, s, Trigger.send(target, Trigger.payload("after the stream opened", 1, 1)));
        return s;
    }

    @Test
    @Verifies("SSE-STALE-1")
    @DisplayName("the stale signal carries no id")
    void staleSignalCarriesNoId(Target target) {
        String lastEventId = Unresumable.GREATER_THAN_ANY_ID.lastEventId.apply(target);
        EventStream s = openAfterLive(target, lastEventId);
        SseEvent stale = s.events().stream().filter(e -> e.type().equals(STALE)).findFirst()
                .orElseThrow(() -> new EvaluationError("cannot evaluate: no stale signal came with Last-Event-ID: "
                        + lastEventId + ", an id greater than any sent (SSE-RESUME-2)"));
        Streams.expect(!stale.carriesId(), "the stale signal without an id field: it concerns this stream alone, and a"
                + " client keeps the last id it had", "it had the id " + Text.quote(stale.lastEventId()), s);
    }

    /** A stream that asks to resume after nothing. */
    enum NoResumePoint {
        ABSENT("without Last-Event-ID"),
        EMPTY("with an empty Last-Event-ID");

        private final String description;

        NoResumePoint(String description) {
            this.description = description;
        }

        EventStream open(Target target) {
            return this == EMPTY ? Streams.open(target, LAST_EVENT_ID, "") : Streams.open(target);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    @ParameterizedTest(name = "a stream {0} gets live events only: nothing sent before it opened, no stale signal")
    @EnumSource(NoResumePoint.class)
    @Verifies("SSE-LIVE-1")
    void withoutAResumePointOnlyLiveEventsCome(NoResumePoint how, Target target) {
        Trigger before = Trigger.send(target, Trigger.payload("before the stream opened", 1, 1));
        EventStream s = how.open(target);
        Trigger live = Trigger.send(target, Trigger.payload("live", 1, 1));
        Streams.awaitCaused(target, s, live);
        BigInteger sentBefore = new BigInteger(before.id());
        List<SseEvent> notLive = s.events().stream().takeWhile(e -> !live.caused(e))
                .filter(e -> e.type().equals(STALE) || e.carriesId() && e.lastEventId().matches("[0-9]+")
                        && new BigInteger(e.lastEventId()).compareTo(sentBefore) <= 0).toList();
        Streams.expect(notLive.isEmpty(), "a stream " + how + " to start with live events: none with an id up to "
                        + before.id() + " (sent before it opened), and no stale signal",
                "it began with " + Events.describe(notLive), s);
    }
}
