package dev.commtck.tck.messagequeue;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.NotApplicable;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One queue served by several nodes (spec/message-queue.md, "Cluster"): a message sent, leased, acknowledged and
 * redelivered on different nodes, and the concurrent workload with its workers spread over the nodes, checked as one
 * history. Node 1 is the target; each exchange in the evidence names its node, and each worker of the workload its.
 */
@ConformanceSuite(Pattern.MESSAGE_QUEUE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("message-queue: several nodes of one service")
class ClusterTest {

    private final SharedHistory workload = new SharedHistory("the cluster workload",
            (target, settings) -> Workload.run(target.cluster(), settings));

    private final SharedHistory nodeKill = new SharedHistory("the node-kill check", ClusterTest::acrossANodeKill);

    /** Runs {@code check} with each node and the next, round the cluster: every node is on each side once. */
    private static void eachWithTheNext(List<Target> nodes, BiConsumer<Target, Target> check) {
        for (int i = 0; i < nodes.size(); i++) {
            check.accept(nodes.get(i), nodes.get((i + 1) % nodes.size()));
        }
    }

    @Test
    @Verifies("MQ-CLUSTER-1")
    @DisplayName("a message sent on each node is delivered by a receive on the next")
    void aMessageSentOnOneNodeIsReceivedOnAnother(Target target) {
        QueueSettings settings = QueueSettings.of(target);
        eachWithTheNext(target.cluster(), (sender, receiver) -> {
            String q = QueueClient.freshQueue("cluster-send");
            String body = "sent on " + sender.endpoint().name();
            Exchange sent = new QueueClient(sender).send(q, body);
            String id = QueueClient.idOf(sent);
            QueueClient consumer = new QueueClient(receiver);
            Received r = consumer.receive(q, 1, settings.visibility(), settings.longPoll());
            Expect.that(!r.empty() && r.only().body().equals(body) && r.only().id().equals(id), "the message sent on "
                    + sender.endpoint().name() + " (id " + id + ") delivered by a receive on " + receiver.endpoint().name()
                    + " waiting up to " + settings.longPoll().toMillis() + " ms (tolerance 'message-queue.wait')",
                    r.empty() ? "the receive got nothing" : "it got " + Text.quote(r.only().body()) + " with id "
                            + r.only().id(), sent, r.exchange());
            consumer.ack(q, r.only().receipt());
        });
    }

    @Test
    @Verifies("MQ-CLUSTER-2")
    @DisplayName("with the workload's consumers on every node, no message is leased twice at once nor delivered after its ack")
    void noMessageIsLeasedTwiceAcrossTheNodes(Target target) {
        workload.check(target, c -> HistoryChecker.firstPerMessage(c.overlappingLeases(), c.deliveredAfterAck()),
                "no message delivered to two consumers, on any nodes, whose leases overlap, and none delivered after an"
                        + " acknowledgement of it was accepted");
    }

    @Test
    @Verifies("MQ-CLUSTER-3")
    @DisplayName("a lease taken on each node is acknowledged on the next, and the message never comes back")
    void aLeaseTakenOnOneNodeIsAcknowledgedOnAnother(Target target) {
        QueueSettings settings = QueueSettings.of(target);
        List<Target> nodes = target.cluster();
        eachWithTheNext(nodes, (leaser, acker) -> {
            LeaseTest.Leased a = LeaseTest.leased(new QueueClient(leaser), "cluster-ack",
                    "leased on " + leaser.endpoint().name(), settings.visibility());
            Exchange ack = new QueueClient(acker).ack(a.queue(), a.delivery().receipt());
            Expect.that(ack.status() == 204, "the acknowledgement on " + acker.endpoint().name() + " of the lease taken on "
                    + leaser.endpoint().name() + " (receipt " + a.delivery().receipt() + ", running) answered 204",
                    "it was answered " + ack.status(), a.first().exchange(), ack);
            // every node looks once the lease would certainly have ended, had the acknowledgement not deleted it
            for (Target node : nodes) {
                Received after = new QueueClient(node).receive(a.queue(), 1, settings.visibility(),
                        settings.leaseAndRedelivery().plus(settings.redelivery()));
                Expect.that(after.empty(), "no delivery on " + node.endpoint().name() + " of the message acknowledged on "
                        + acker.endpoint().name(), "it was delivered again with receipt "
                        + (after.empty() ? "" : after.only().receipt()), a.first().exchange(), ack, after.exchange());
            }
        });
    }

    @Test
    @Verifies("MQ-CLUSTER-4")
    @DisplayName("a message whose lease ran out on each node is delivered again on the next, within 'redelivery'")
    void aLeaseThatRanOutIsRedeliveredOnAnotherNode(Target target) {
        QueueSettings settings = QueueSettings.of(target);
        Duration v = settings.visibility();
        eachWithTheNext(target.cluster(), (leaser, redeliverer) -> {
            LeaseTest.Leased a = LeaseTest.leased(new QueueClient(leaser), "cluster-redeliver",
                    "left to run out on " + leaser.endpoint().name(), v);
            QueueClient second = new QueueClient(redeliverer);
            Received b = second.receive(a.queue(), 1, v, settings.leaseAndRedelivery().plus(settings.redelivery()));
            long latest = a.first().exchange().endMs() + settings.leaseAndRedelivery().toMillis();
            Expect.that(!b.empty() && b.exchange().endMs() <= latest, "the message delivered again on "
                    + redeliverer.endpoint().name() + " by +" + latest + " ms, within " + settings.redelivery().toMillis()
                    + " ms (tolerance 'message-queue.redelivery') of the end of its " + v.toMillis() + " ms lease taken on "
                    + leaser.endpoint().name(), b.empty() ? "a receive waiting until +" + b.exchange().endMs()
                    + " ms got nothing" : "it came at +" + b.exchange().endMs() + " ms", a.first().exchange(), b.exchange());
            second.ack(a.queue(), b.only().receipt());
        });
    }

    @Test
    @Verifies("MQ-CLUSTER-5")
    @DisplayName("node 2 killed and started again while node 1 works loses no message and brings back no acknowledged one")
    void aNodeKilledLosesNothing(Target target) {
        nodeKill.check(target, c -> HistoryChecker.firstPerMessage(c.lost(), c.deliveredAfterAck(), c.unexpected()),
                "every message answered 201 on any node and not acknowledged delivered after the kill, no acknowledged one,"
                        + " and nothing that was not sent");
    }

    /**
     * Sends {@link DurabilityTest#MESSAGES} on the nodes in turn, acknowledges a third and leases a third (on the nodes in
     * turn, with the short {@code visibility} lease); kills node 2 and starts it again while a producer and a consumer go
     * on working on node 1; then a consumer on every node receives and acknowledges until every lease from before the
     * kill has certainly ended and one more could have.
     */
    private static History acrossANodeKill(Target target, QueueSettings settings) {
        List<Target> nodes = target.cluster();
        if (!target.settings().capability(Pattern.MESSAGE_QUEUE, "durable").orElse(true)) {
            throw new NotApplicable("capability.message-queue.durable is declared false");
        }
        String command = settings.nodeRestartCommand().orElseThrow(() -> new NotApplicable("the run has no"
                + " message-queue.node-restart-command, so the kit cannot kill a node to observe what the others keep"));
        History history = new History(QueueClient.freshQueue("node-kill"));
        List<RecordingQueue> queues = nodes.stream().map(n -> new RecordingQueue(history, new QueueClient(n))).toList();
        String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        for (int i = 0; i < DurabilityTest.MESSAGES; i++) {
            RecordingQueue q = queues.get(i % queues.size());
            if (!q.send("producer on " + q.node(), "kept-" + run + "-" + i).stored()) {
                throw new EvaluationError("a send before the kill was not answered 201; MQ-SEND-1 shows why");
            }
        }
        int third = DurabilityTest.MESSAGES / 3;
        for (int i = 0; i < third; i++) {
            RecordingQueue q = queues.get(i % queues.size());
            String who = "acknowledger on " + q.node();
            DurabilityTest.take(q, who, 1, settings.visibility()).forEach(d -> q.ack(who, d));
            RecordingQueue other = queues.get((i + 1) % queues.size());
            DurabilityTest.take(other, "crashed consumer on " + other.node(), 1, settings.visibility());
        }
        Target killed = nodes.get(1);
        long before = history.now();
        AtomicBoolean restarting = new AtomicBoolean(true);
        RecordingQueue survivor = queues.get(0);
        try (ExecutorService meanwhile = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> working = meanwhile.submit(() -> {
                for (int i = 0; restarting.get(); i++) {
                    survivor.send("producer on node 1", "meanwhile-" + run + "-" + i);
                    survivor.receive("consumer on node 1", Workload.BATCH, settings.visibility(), Duration.ZERO)
                            .forEach(d -> survivor.ack("consumer on node 1", d));
                }
            });
            try {
                new RestartCommand(killed, command, settings.restart(), Map.of("COMMTCK_NODE", killed.uri().toString(),
                        "COMMTCK_NODE_NUMBER", "2")).run();
            } finally {
                restarting.set(false);
            }
            working.get();
        } catch (ExecutionException e) {
            throw new EvaluationError("node 1 could not go on working while node 2 restarted: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationError("interrupted while node 2 restarted", e);
        }
        history.restarted(before, history.now());
        long v = settings.visibility().toNanos();
        long r = settings.redelivery().toNanos();
        long deadline = Math.max(history.now(), before + v + r) + v + r + target.tolerances().fast().toNanos();
        while (history.now() < deadline) {
            for (RecordingQueue q : queues) {
                q.receive("after the kill on " + q.node(), Workload.BATCH, settings.visibility(), Workload.POLL)
                        .forEach(d -> q.ack("after the kill on " + q.node(), d));
            }
        }
        history.note("received on every node until " + HistoryChecker.ms(deadline) + ": every lease had certainly ended");
        return history;
    }
}
