package dev.commtck.tck.messagequeue;

import static dev.commtck.tck.messagequeue.SendTest.HOLD;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One message, two consumers: what a lease keeps from others, what happens when it ends, and which acknowledgements
 * count. Consumer A receives first with the short {@code visibility} lease; consumer B comes after.
 */
@ConformanceSuite(Pattern.MESSAGE_QUEUE)
@DisplayName("message-queue: leases and acknowledgements")
class LeaseTest {

    /** A queue holding one message, received once by consumer A. */
    private record Leased(String queue, Received first) {
        Delivery delivery() {
            return first.only();
        }
    }

    private static Leased leased(QueueClient client, String purpose, String body, Duration visibility) {
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
    @Verifies("MQ-REDELIVER-1")
    @DisplayName("an unacknowledged message comes back when its lease ends, with a new receipt and a raised count")
    void unacknowledgedMessageIsDeliveredAgain(Target target) {
        QueueSettings settings = QueueSettings.of(target);
        QueueClient client = new QueueClient(target);
        Duration v = settings.visibility();
        Leased a = leased(client, "redeliver", "processed by nobody", v);
        Received b = client.receive(a.queue(), 1, HOLD, settings.leaseAndRedelivery().plus(settings.redelivery()));
        Exchange first = a.first().exchange();
        Exchange again = b.exchange();
        long leaseEnd = first.startMs() + v.toMillis() - HistoryChecker.CLOCK_SLACK / 1_000_000;
        long latest = first.endMs() + settings.leaseAndRedelivery().toMillis();
        Expect.that(!b.empty(), "the message delivered again within " + settings.redelivery().toMillis()
                + " ms (tolerance 'message-queue.redelivery') of its " + v.toMillis() + " ms lease ending",
                "a receive waiting until +" + again.endMs() + " ms got nothing", first, again);
        Expect.that(again.endMs() >= leaseEnd, "no delivery before the lease ends (at +" + leaseEnd + " ms at the earliest,"
                        + " counting " + HistoryChecker.CLOCK_SLACK / 1_000_000 + " ms for clock granularity)",
                "it was delivered again by +" + again.endMs() + " ms", first, again);
        Expect.that(again.endMs() <= latest, "the delivery by +" + latest + " ms", "it came at +" + again.endMs() + " ms",
                first, again);
        Delivery d1 = a.delivery();
        Delivery d2 = b.only();
        Expect.that(d2.deliveryCount() == d1.deliveryCount() + 1, "deliveryCount " + (d1.deliveryCount() + 1)
                + " on the second delivery", "it was " + d2.deliveryCount(), first, again);
        Expect.that(!d2.receipt().equals(d1.receipt()), "a new receipt for the new delivery",
                "both carried " + Text.quote(d1.receipt()), first, again);
        client.ack(a.queue(), d2.receipt());
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
}
