package dev.commtck.tck.messagequeue;

import static dev.commtck.tck.messagequeue.SendTest.HOLD;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.Waits;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One message, two consumers: what a lease keeps from others, what happens when it ends, and which acknowledgements
 * count. Consumer A receives first with the short {@code visibility} lease; consumer B comes after.
 */
@ConformanceSuite(Pattern.MESSAGE_QUEUE)
@DisplayName("message-queue: leases and acknowledgements")
class LeaseTest {

    /**
     * How many times the redelivery check lets the lease run out: the second redelivery is the one whose timing a
     * reaper that runs rarely cannot hide.
     */
    static final int REDELIVERIES = 2;

    /** A queue holding one message, received once by consumer A. */
    record Leased(String queue, Received first) {
        Delivery delivery() {
            return first.only();
        }
    }

    /** Sends one message to a fresh queue and receives it once, for {@code visibility}. */
    static Leased leased(QueueClient client, String purpose, String body, Duration visibility) {
        String q = QueueClient.freshQueue(purpose);
        client.sendOk(q, body);
        Received first = client.receive(q, 1, visibility, Duration.ZERO);
        Expect.that(!first.empty(), "the message just sent to be delivered", "the receive was empty", first.exchange());
        return new Leased(q, first);
    }

    @Test
    @Verifies("MQ-LEASE-1")
    @DisplayName("a leased message is not delivered to the next receive")
    void leasedMessageIsNotDeliveredAgain(Target target) {
        QueueClient client = new QueueClient(target);
        Leased a = leased(client, "lease", "for consumer A only", HOLD);
        Received b = client.receive(a.queue(), 1, HOLD, Duration.ZERO);
        Expect.that(b.empty(), "nothing for consumer B while A's " + HOLD.toSeconds() + " s lease runs",
                b.empty() ? "" : "B got " + Text.quote(b.only().body()) + " with receipt " + b.only().receipt(),
                a.first().exchange(), b.exchange());
        client.ack(a.queue(), a.delivery().receipt());
    }

    @Test
    @Verifies("MQ-LEASE-1")
    @DisplayName("the lease of a receive that waited longer than the lease runs from the delivery, not from the request")
    void leaseRunsFromTheDelivery(Target target) {
        QueueClient client = new QueueClient(target);
        String q = QueueClient.freshQueue("lease-late");
        // a lease long enough to be seen running on a busy machine, and a wait before the delivery that outlasts it
        Duration lease = target.tolerances().fast();
        Duration before = lease.plus(target.tolerances().quiet());
        Duration wait = before.plus(target.tolerances().wake()).plus(target.tolerances().fast());
        Request receive = client.receiveRequest(q, 1, lease, wait);
        long sent = target.evidence().now();
        CompletableFuture<Exchange> waiting = target.http().sendAsync(receive);
        Waits.until(target, sent + before.toMillis(), "the waiting receive to outlast its lease before anything is sent");
        Exchange send = client.send(q, "leased when delivered");
        QueueClient.idOf(send);
        Received a = Received.of(target.http().await(waiting, receive));
        if (a.empty()) {
            throw new EvaluationError("the waiting receive did not deliver the message sent during its wait; MQ-WAIT-1"
                    + " shows why");
        }
        Received b = client.receive(q, 1, HOLD, Duration.ZERO);
        // the message did not exist before its send was sent, so its lease runs at least until then plus the lease
        long certainlyLeased = send.startMs() + lease.toMillis() - HistoryChecker.CLOCK_SLACK / 1_000_000;
        Expect.that(b.empty() || b.exchange().endMs() >= certainlyLeased, "nothing for consumer B while A's "
                        + lease.toMillis() + " ms lease, counted from its delivery after +" + send.startMs() + " ms, runs (until +"
                        + certainlyLeased + " ms at least)",
                b.empty() ? "" : "B got it at +" + b.exchange().endMs() + " ms: A's lease was counted from its request, sent "
                        + before.toMillis() + " ms before the message", a.exchange(), send, b.exchange());
        client.ack(q, (b.empty() ? a : b).only().receipt());
    }

    @Test
    @Verifies("MQ-REDELIVER-1")
    @DisplayName("an unacknowledged message comes back each time its lease ends, with a new receipt and a raised count")
    void unacknowledgedMessageIsDeliveredAgain(Target target) {
        QueueSettings settings = QueueSettings.of(target);
        QueueClient client = new QueueClient(target);
        Duration v = settings.visibility();
        Leased a = leased(client, "redeliver", "processed by nobody", v);
        Exchange previous = a.first().exchange();
        Delivery held = a.delivery();
        long leaseStart = previous.startMs(); // a lease starts no sooner than its receive was sent
        // a message delivered again is leased again when it becomes deliverable: that second lease starts in step with
        // whatever made it deliverable (a reaper's tick, say), so its end shows a reaper that runs too rarely whatever
        // the phase of the first
        int redeliveries = Math.max(1, Math.min(REDELIVERIES, settings.maxDeliveries() - 1));
        for (int i = 1; i <= redeliveries; i++) {
            Received b = client.receive(a.queue(), 1, v, settings.leaseAndRedelivery().plus(settings.redelivery()));
            Exchange again = b.exchange();
            long leaseEnd = leaseStart + v.toMillis() - HistoryChecker.CLOCK_SLACK / 1_000_000;
            long latest = previous.endMs() + settings.leaseAndRedelivery().toMillis();
            String lease = "its lease " + i + " of " + v.toMillis() + " ms (delivered by +" + previous.endMs() + " ms)";
            Expect.that(!b.empty(), "the message delivered again within " + settings.redelivery().toMillis()
                    + " ms (tolerance 'message-queue.redelivery') of " + lease + " ending",
                    "a receive waiting until +" + again.endMs() + " ms got nothing", previous, again);
            Expect.that(again.endMs() >= leaseEnd, "no delivery before " + lease + " ends (at +" + leaseEnd + " ms at the"
                            + " earliest, counting " + HistoryChecker.CLOCK_SLACK / 1_000_000 + " ms for clock granularity)",
                    "it was delivered again by +" + again.endMs() + " ms", previous, again);
            Expect.that(again.endMs() <= latest, "the delivery after " + lease + " by +" + latest + " ms",
                    "it came at +" + again.endMs() + " ms, " + (again.endMs() - latest + settings.redelivery().toMillis())
                            + " ms after the lease had certainly ended", previous, again);
            Delivery next = b.only();
            Expect.that(next.deliveryCount() == held.deliveryCount() + 1, "deliveryCount " + (held.deliveryCount() + 1)
                    + " on delivery " + (i + 1), "it was " + next.deliveryCount(), previous, again);
            Expect.that(!next.receipt().equals(held.receipt()), "a new receipt for delivery " + (i + 1),
                    "it carried " + Text.quote(held.receipt()) + " again", previous, again);
            leaseStart = Math.max(again.startMs(), leaseEnd);
            previous = again;
            held = next;
        }
        client.ack(a.queue(), held.receipt());
    }

    @Test
    @Verifies("MQ-ACK-1")
    @DisplayName("an acknowledged message is gone for good")
    void acknowledgedMessageNeverComesBack(Target target) {
        QueueSettings settings = QueueSettings.of(target);
        QueueClient client = new QueueClient(target);
        Leased a = leased(client, "ack", "processed once", settings.visibility());
        Exchange ack = client.ack(a.queue(), a.delivery().receipt());
        Expect.that(ack.status() / 100 == 2, "2xx to the acknowledgement of a running lease", "the status was "
                + ack.status(), a.first().exchange(), ack);
        Received later = client.receive(a.queue(), 1, HOLD, settings.leaseAndRedelivery());
        Expect.that(later.empty(), "the acknowledged message not delivered again, not even after its lease would have ended",
                later.empty() ? "" : "it came back with deliveryCount " + later.only().deliveryCount(),
                a.first().exchange(), ack, later.exchange());
    }

    @Test
    @Verifies("MQ-STALE-1")
    @DisplayName("an acknowledgement after the lease ended is refused, and the current holder's is accepted")
    void staleAcknowledgementIsRefused(Target target) {
        QueueSettings settings = QueueSettings.of(target);
        QueueClient client = new QueueClient(target);
        Leased a = leased(client, "stale", "leased twice", settings.visibility());
        // B waits past A's lease: whether or not B gets the message, A's lease has certainly ended by then
        Received b = client.receive(a.queue(), 1, HOLD, settings.leaseAndRedelivery().plus(settings.redelivery()));
        Exchange late = client.ack(a.queue(), a.delivery().receipt());
        Expect.that(late.status() / 100 == 4, "a 4xx refusal of A's acknowledgement, sent after its "
                + settings.visibility().toMillis() + " ms lease had ended" + (b.empty() ? "" : " and B had the message"),
                "the status was " + late.status(), a.first().exchange(), b.exchange(), late);
        if (!b.empty()) {
            Exchange current = client.ack(a.queue(), b.only().receipt());
            Expect.that(current.status() / 100 == 2, "2xx to B's acknowledgement: A's refused one must not have removed"
                    + " the message", "the status was " + current.status(), a.first().exchange(), b.exchange(), late, current);
        }
    }

    @Test
    @Verifies("MQ-STALE-1")
    @DisplayName("an acknowledgement after the lease ran out, with no delivery since, is refused and the message stays")
    void expiredAcknowledgementIsRefused(Target target) {
        QueueSettings settings = QueueSettings.of(target);
        QueueClient client = new QueueClient(target);
        Leased a = leased(client, "expired", "outlived its lease", settings.visibility());
        // nobody receives in between: A's receipt is still the latest one, only its lease has ended
        Waits.until(target, a.first().exchange().endMs() + settings.leaseAndRedelivery().toMillis(),
                "A's lease to have certainly ended");
        Exchange late = client.ack(a.queue(), a.delivery().receipt());
        Expect.that(late.status() / 100 == 4, "a 4xx refusal of A's acknowledgement, sent after its "
                + settings.visibility().toMillis() + " ms lease had ended although nobody had received the message since",
                "the status was " + late.status(), a.first().exchange(), late);
        Received again = client.receive(a.queue(), 1, HOLD, settings.redelivery());
        Expect.that(!again.empty() && again.only().body().equals(a.delivery().body()),
                "the message still in the queue after the refused acknowledgement",
                again.empty() ? "a receive found the queue empty" : "a receive delivered " + Text.quote(again.only().body()),
                a.first().exchange(), late, again.exchange());
        Exchange current = client.ack(a.queue(), again.only().receipt());
        Expect.that(current.status() / 100 == 2, "2xx to the acknowledgement of the new delivery's receipt",
                "the status was " + current.status(), late, again.exchange(), current);
    }

    @Test
    @Verifies("MQ-RECEIPT-1")
    @DisplayName("an acknowledgement with a receipt the queue never issued, or another queue's, is refused")
    void unknownReceiptIsRefused(Target target) {
        QueueClient client = new QueueClient(target);
        Leased a = leased(client, "receipt", "acknowledged in its own queue only", HOLD);
        String elsewhere = QueueClient.freshQueue("receipt-elsewhere");
        Exchange madeUp = client.ack(a.queue(), "commtck-no-such-receipt-" + HexFormat.of().toHexDigits(
                ThreadLocalRandom.current().nextLong()));
        Expect.that(madeUp.status() / 100 == 4, "a 4xx refusal of a receipt the queue never issued",
                "the status was " + madeUp.status(), madeUp);
        Exchange otherQueue = client.ack(elsewhere, a.delivery().receipt());
        Expect.that(otherQueue.status() / 100 == 4, "a 4xx refusal, by the queue " + Text.quote(elsewhere)
                + ", of a receipt that names a message of " + Text.quote(a.queue()), "the status was " + otherQueue.status(),
                a.first().exchange(), otherQueue);
        Exchange own = client.ack(a.queue(), a.delivery().receipt());
        Expect.that(own.status() / 100 == 2, "2xx to the receipt in its own queue: the refused acknowledgements removed"
                + " nothing", "the status was " + own.status(), a.first().exchange(), madeUp, otherQueue, own);
    }
}
