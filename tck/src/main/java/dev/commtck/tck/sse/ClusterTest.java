package dev.commtck.tck.sse;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.Events;
import dev.commtck.tck.support.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The event stream of a service of several nodes (spec/sse.md, "Cluster"): triggered on any node, an event reaches the
 * streams of every node, and a stream resumes on any node. Node 1 is the target; each exchange in the evidence names
 * its node.
 */
@ConformanceSuite(Pattern.SSE)
@DisplayName("sse: several nodes of one service")
class ClusterTest {

    /** Events triggered on each node, taking turns: enough for an order to show, few enough to stay short. */
    static final int ROUNDS = 3;

    @Test
    @Verifies("SSE-CLUSTER-1")
    @DisplayName("events triggered on each node in turn reach the streams of every node, with their ids, in one order")
    void eventsReachTheStreamsOfEveryNode(Target target) {
        List<Target> nodes = target.cluster();
        List<EventStream> streams = nodes.stream().map(Streams::open).toList();
        List<Trigger> triggers = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (Target node : nodes) {
                Trigger t = Trigger.send(node, Trigger.payload("triggered on " + node.endpoint().name(), round, ROUNDS));
                triggers.add(t);
                for (EventStream s : streams) {
                    SseEvent e = Streams.awaitCaused(target, s, t);
                    Streams.expect(e.data().equals(t.expectedData()), "the event with id " + t.id() + " to carry the"
                            + " payload of the trigger that " + node.endpoint().name() + " answered with that id",
                            "it carried " + Events.describe(List.of(e)), s);
                }
            }
        }
        List<String> first = Events.describe(Streams.causedBy(triggers, streams.get(0)));
        for (EventStream s : streams.subList(1, streams.size())) {
            List<String> got = Events.describe(Streams.causedBy(triggers, s));
            Streams.expect(got.equals(first), "the streams of every node to receive the events in one order: " + first,
                    "another node's stream received " + got, streams.get(0), s);
        }
    }

    @Test
    @Verifies("SSE-CLUSTER-2")
    @DisplayName("a stream read on one node and resumed on the next replays exactly the events triggered meanwhile")
    void aStreamResumesOnAnotherNode(Target target) {
        List<Target> nodes = target.cluster();
        for (int i = 0; i < nodes.size(); i++) {
            Target reader = nodes.get(i);
            Target resumer = nodes.get((i + 1) % nodes.size());
            String from = reader.endpoint().name();
            EventStream first = Streams.open(reader);
            Trigger lastRead = Trigger.send(reader, Trigger.payload("read on " + from, 1, 1));
            Streams.awaitCaused(target, first, lastRead);
            first.close(); // the client loses its connection; the id of the event it read last is what it keeps
            List<Trigger> missed = new ArrayList<>();
            for (Target node : nodes) {
                missed.add(Trigger.send(node, Trigger.payload("missed, triggered on " + node.endpoint().name(), 1, 1)));
            }
            EventStream resumed = Streams.open(resumer, "Last-Event-ID", lastRead.id());
            Trigger live = Trigger.send(resumer, Trigger.payload("live after resuming on " + resumer.endpoint().name(), 1, 1));
            Streams.awaitCaused(target, resumed, live);
            List<Trigger> expectedTriggers = new ArrayList<>(missed);
            expectedTriggers.add(live);
            List<String> expected = expectedTriggers.stream().map(t -> Events.exactly(t.id(), "message", t.expectedData()))
                    .toList();
            // the kit's events only: a server may send events of its own
            List<String> got = Events.exactly(Events.upToAndIncluding(Events.withIds(resumed.events()), live::caused)
                    .stream().filter(Trigger::ofThisRun)
                    .toList());
            Streams.expect(got.equals(expected), "a stream read on " + from + " up to id " + lastRead.id() + " and resumed"
                    + " on " + resumer.endpoint().name() + " with that Last-Event-ID to replay the " + missed.size()
                    + " events triggered meanwhile on every node, then the live one: " + expected,
                    "it got " + got + " (" + Events.difference(expected, got) + ")", resumed);
        }
    }
}
