package dev.commtck.tck.messagequeue;

import static dev.commtck.tck.messagequeue.SendTest.HOLD;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.NotApplicable;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The optional capabilities: release, dead letters, FIFO order. N/A where the server does not offer them. */
@ConformanceSuite(Pattern.MESSAGE_QUEUE)
@DisplayName("message-queue: optional capabilities")
class OptionalCapabilitiesTest {

    /** Answers that mean "no such feature here". */
    private static final Set<Integer> NOT_OFFERED = Set.of(404, 405, 501);
    /** The shortest lease the contract allows: dead-lettering takes several leases in a row. */
    private static final Duration SHORTEST_LEASE = Duration.ofMillis(100);
    static final int FIFO_MESSAGES = 20;

    private static Optional<Boolean> declared(Target target, String capability) {
        Optional<Boolean> d = target.settings().capability(Pattern.MESSAGE_QUEUE, capability);
        if (d.isPresent() && !d.get()) {
            throw new NotApplicable("capability." + Pattern.MESSAGE_QUEUE.id() + "." + capability + " is declared false");
        }
        return d;
    }

    /** Undeclared, a capability is offered unless the server's answer says it has no such thing. */
    private static void detect(Target target, String capability, Exchange probe) {
        if (declared(target, capability).isEmpty() && NOT_OFFERED.contains(probe.status())) {
            throw new NotApplicable("the server does not offer " + capability + ": " + probe.summary());
        }
    }

    @Test
    @Verifies("MQ-RELEASE-1")
    @DisplayName("a released message is deliverable again at once, and its old receipt is dead")
    void releasedMessageComesBackAtOnce(Target target) {
        declared(target, "release");
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("release");
        queue.sendOk(q, "handed back");
        Received first = queue.receive(q, 1, HOLD, Duration.ZERO);
        Expect.that(!first.empty(), "the message just sent to be delivered", "the receive was empty", first.exchange());
        Delivery d1 = first.only();
        Exchange release = queue.release(q, d1.receipt());
        detect(target, "release", release);
        Expect.that(release.status() / 100 == 2, "2xx to the release of a running lease", "the status was "
                + release.status(), first.exchange(), release);
        Received again = queue.receive(q, 1, HOLD, Duration.ZERO);
        Expect.that(!again.empty(), "the released message deliverable at once, although its " + HOLD.toSeconds()
                + " s lease had not ended", "the next receive was empty", first.exchange(), release, again.exchange());
        Delivery d2 = again.only();
        Expect.that(d2.deliveryCount() == d1.deliveryCount() + 1 && !d2.receipt().equals(d1.receipt()),
                "a new receipt and deliveryCount " + (d1.deliveryCount() + 1), "the delivery had receipt "
                        + Text.quote(d2.receipt()) + " and deliveryCount " + d2.deliveryCount(), release, again.exchange());
        Exchange stale = queue.ack(q, d1.receipt());
        Expect.that(stale.status() / 100 == 4, "a 4xx refusal of an acknowledgement with the released receipt",
                "the status was " + stale.status(), release, stale);
        Exchange current = queue.ack(q, d2.receipt());
        Expect.that(current.status() / 100 == 2, "2xx to the acknowledgement of the new delivery", "the status was "
                + current.status(), current);
    }

    @Test
    @Verifies("MQ-DEAD-1")
    @DisplayName("a message delivered max-deliveries times without an acknowledgement goes to the dead letters")
    void exhaustedMessageIsDeadLettered(Target target) {
        declared(target, "dead-letter");
        QueueSettings settings = QueueSettings.of(target);
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("dead");
        detect(target, "dead-letter", queue.deadLetters(q));
        queue.sendOk(q, "never processed");
        Duration comesBack = SHORTEST_LEASE.plus(settings.redelivery()).plus(settings.redelivery());
        List<Exchange> receives = new ArrayList<>();
        for (int n = 1; n <= settings.maxDeliveries(); n++) {
            Received r = queue.receive(q, 1, SHORTEST_LEASE, n == 1 ? Duration.ZERO : comesBack);
            receives.add(r.exchange());
            Expect.that(!r.empty() && r.only().deliveryCount() == n, "delivery " + n + " of " + settings.maxDeliveries()
                    + " (message-queue.max-deliveries), each after a " + SHORTEST_LEASE.toMillis() + " ms lease",
                    r.empty() ? "the receive was empty" : "deliveryCount was " + r.only().deliveryCount(),
                    receives.toArray(Exchange[]::new));
        }
        Received after = queue.receive(q, 1, SHORTEST_LEASE, SHORTEST_LEASE.plus(settings.redelivery()));
        Expect.that(after.empty(), "no delivery " + (settings.maxDeliveries() + 1), after.empty() ? ""
                : "it was delivered again with deliveryCount " + after.only().deliveryCount(), after.exchange());
        Exchange list = queue.deadLetters(q);
        Expect.status(list, 200);
        List<Delivery> dead = Received.messages(list, false);
        Expect.that(dead.stream().anyMatch(d -> d.body().equals("never processed")
                        && d.deliveryCount() == settings.maxDeliveries()),
                "the dead letters to list \"never processed\" with deliveryCount " + settings.maxDeliveries(),
                "they were " + dead, list);
    }

    @Test
    @Verifies("MQ-FIFO-1")
    @DisplayName("messages sent one after another are first delivered in that order")
    void messagesAreDeliveredInSendOrder(Target target) {
        if (!declared(target, "fifo").orElse(false)) {
            throw new NotApplicable("FIFO order is checked only when declared (capability.message-queue.fifo = true):"
                    + " order by luck cannot be told apart from order by design");
        }
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("fifo");
        List<String> sent = IntStream.range(0, FIFO_MESSAGES).mapToObj(i -> "in order " + i).toList();
        sent.forEach(body -> queue.sendOk(q, body));
        List<String> got = new ArrayList<>();
        List<Exchange> receives = new ArrayList<>();
        while (got.size() < FIFO_MESSAGES) {
            Received r = queue.receive(q, 10, HOLD, Duration.ZERO);
            receives.add(r.exchange());
            Expect.that(!r.empty(), "all " + FIFO_MESSAGES + " messages delivered", "a receive was empty after "
                    + got.size(), r.exchange());
            for (Delivery d : r.deliveries()) {
                got.add(d.body());
                queue.ack(q, d.receipt());
            }
        }
        Expect.that(got.equals(sent), "the order " + sent, "it was " + got, receives.toArray(Exchange[]::new));
    }
}
