package dev.commtck.tck.messagequeue;

import static dev.commtck.tck.messagequeue.QueuePaths.RECEIVE;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a receive delivers, how it answers an empty queue, and how long it waits. */
@ConformanceSuite(Pattern.MESSAGE_QUEUE)
@DisplayName("message-queue: receiving")
class ReceiveTest {

    @Test
    @Verifies("MQ-RECEIVE-1")
    @DisplayName("a receive with max=2 on a queue of three delivers one or two of them, each complete and first-time")
    void receiveDeliversUpToMax(Target target) {
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("receive");
        Map<String, String> sent = new LinkedHashMap<>();
        for (String body : new String[] {"first", "second", "third"}) {
            sent.put(queue.sendOk(q, body), body);
        }
        Received r = queue.receive(q, 2, HOLD, Duration.ZERO);
        Expect.that(!r.empty(), "200 with deliveries from a queue holding three messages", "the answer was empty ("
                + r.exchange().status() + ")", r.exchange());
        Expect.that(r.deliveries().size() <= 2, "at most max=2 deliveries", r.deliveries().size() + " came", r.exchange());
        for (Delivery d : r.deliveries()) {
            Expect.that(sent.containsKey(d.id()), "each delivery to carry an id a send was answered with " + sent.keySet(),
                    "one carried the id " + Text.quote(d.id()), r.exchange());
            Expect.that(sent.get(d.id()).equals(d.body()), "the message " + d.id() + " to carry the body "
                    + Text.quote(sent.get(d.id())), "it carried " + Text.quote(d.body()), r.exchange());
            Expect.that(d.deliveryCount() == 1, "deliveryCount 1 on a first delivery", "message " + d.id()
                    + " had deliveryCount " + d.deliveryCount(), r.exchange());
        }
    }

    @ParameterizedTest(name = "a receive with {0} delivers from a queue that holds messages")
    @ValueSource(strings = {"max=10&visibilityMs=43200000&waitMs=20000", "max=1&visibilityMs=100&waitMs=0"})
    @Verifies("MQ-RECEIVE-1")
    void receiveWithParametersAtTheirLimitsDelivers(String query, Target target) {
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("limits");
        queue.sendOk(q, "at the limits");
        Received r = Received.of(target.http().send(Request.of("POST", queue.path(RECEIVE, q, "") + "?" + query)));
        Expect.that(!r.empty() && r.only().body().equals("at the limits"), "the message, at once: " + query
                        + " lies within the accepted values", r.empty() ? "the answer was empty (" + r.exchange().status() + ")"
                        : "it delivered " + Text.quote(r.only().body()), r.exchange());
        queue.ack(q, r.only().receipt());
    }

    @Test
    @Verifies("MQ-EMPTY-1")
    @DisplayName("a receive without wait on a queue that never held a message is answered empty at once")
    void neverUsedQueueIsAnsweredEmptyAtOnce(Target target) {
        QueueClient queue = new QueueClient(target);
        answeredEmptyAtOnce(target, queue.receive(QueueClient.freshQueue("empty"), 1, HOLD, Duration.ZERO));
    }

    @Test
    @Verifies("MQ-EMPTY-1")
    @DisplayName("a receive without wait on a queue whose message was acknowledged is answered empty at once")
    void drainedQueueIsAnsweredEmptyAtOnce(Target target) {
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("drained");
        queue.sendOk(q, "processed at once");
        Received r = queue.receive(q, 1, HOLD, Duration.ZERO);
        Expect.that(!r.empty(), "the message just sent to be delivered", "the receive was empty", r.exchange());
        queue.ack(q, r.only().receipt());
        answeredEmptyAtOnce(target, queue.receive(q, 1, HOLD, Duration.ZERO));
    }

    private static void answeredEmptyAtOnce(Target target, Received r) {
        long fast = target.tolerances().fast().toMillis();
        Expect.that(r.empty(), "an empty answer (204, or 200 with no messages)",
                r.empty() ? "" : r.deliveries().size() + " message(s) came", r.exchange());
        Expect.that(r.exchange().elapsedMs() <= fast, "the empty answer within " + fast + " ms (tolerance 'fast')",
                "it took " + r.exchange().elapsedMs() + " ms", r.exchange());
    }

    @Test
    @Verifies("MQ-WAIT-1")
    @DisplayName("a waiting receive delivers a message sent during its wait promptly")
    void waitingReceiveWakesWhenAMessageArrives(Target target) {
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("wake");
        Duration quiet = target.tolerances().quiet();
        Duration wake = target.tolerances().wake();
        Duration wait = QueueSettings.of(target).longPoll().plus(quiet).plus(wake);
        Request receive = queue.receiveRequest(q, 1, HOLD, wait);
        CompletableFuture<Exchange> pending = target.http().sendAsync(receive);
        Optional<Exchange> early = answeredWithin(pending, quiet);
        Expect.that(early.isEmpty(), "the receive (waitMs=" + wait.toMillis() + ") to wait while the queue is empty",
                early.map(e -> "it was answered after " + e.elapsedMs() + " ms, before any message was sent").orElse(""),
                early.stream().toArray(Exchange[]::new));
        Exchange send = queue.send(q, "wake up");
        QueueClient.idOf(send);
        Exchange answer = target.http().await(pending, receive);
        Received r = Received.of(answer);
        Expect.that(!r.empty() && r.only().body().equals("wake up"), "the waiting receive to deliver \"wake up\"",
                r.empty() ? "it was answered empty" : "it delivered " + Text.quote(r.only().body()), send, answer);
        long latency = answer.endMs() - send.endMs();
        Expect.that(latency <= wake.toMillis(), "the delivery within " + wake.toMillis()
                + " ms (tolerance 'wake') of the send's answer", "it came " + latency + " ms after it", send, answer);
    }

    /** The answer, if it comes within the window: a watch over a window in which nothing should happen. */
    private static Optional<Exchange> answeredWithin(CompletableFuture<Exchange> pending, Duration window) {
        try {
            return Optional.of(pending.get(window.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty(); // still waiting, as it should; a failed exchange is reported when it is awaited
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationError("interrupted while watching a waiting receive", e);
        }
    }

    @Test
    @Verifies("MQ-WAIT-2")
    @DisplayName("a receive with waitMs on an empty queue is held for the whole wait, then answered empty")
    void emptyReceiveIsHeldForItsWait(Target target) {
        QueueClient queue = new QueueClient(target);
        long wait = QueueSettings.of(target).longPoll().toMillis();
        long fast = target.tolerances().fast().toMillis();
        Received r = queue.receive(QueueClient.freshQueue("hold"), 1, HOLD, Duration.ofMillis(wait));
        long held = r.exchange().elapsedMs();
        Expect.that(r.empty(), "an empty answer when the wait passes", r.empty() ? "" : "a message came", r.exchange());
        // both ends of the measurement are whole milliseconds, so a hold of exactly the wait may read one less
        Expect.that(held >= wait - 1, "the request held for the whole waitMs=" + wait, "it was answered after " + held
                + " ms", r.exchange());
        Expect.that(held <= wait + fast, "the empty answer within " + fast + " ms (tolerance 'fast') after the wait",
                "it was answered after " + held + " ms", r.exchange());
    }

    @ParameterizedTest(name = "a receive with {0} is answered 400")
    @ValueSource(strings = {"max=0", "max=11", "visibilityMs=-1", "visibilityMs=soon", "waitMs=20001"})
    @Verifies("MQ-PARAMS-1")
    void malformedParameterIsRefused(String query, Target target) {
        QueueClient queue = new QueueClient(target);
        Exchange ex = target.http().send(Request.of("POST",
                queue.path(RECEIVE, QueueClient.freshQueue("params"), "") + "?" + query));
        Expect.status(ex, 400);
    }

    @Test
    @Verifies("MQ-UNEXPECTED-1")
    @DisplayName("a message sent to one queue is not delivered from a queue whose name differs only in case, or in its 80th character")
    void queuesAreKeptApartByTheirExactName(Target target) {
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("Case");
        String longest = q + "x".repeat(80 - q.length());
        Map<String, String> neighbours = Map.of(q, q.toLowerCase(Locale.ROOT),
                longest, longest.substring(0, 79) + "y"); // a name cut short anywhere makes these two one queue
        neighbours.keySet().forEach(name -> queue.sendOk(name, "only for " + name));
        List<String> others = new ArrayList<>(neighbours.values());
        others.add(QueueClient.freshQueue("other"));
        for (String other : others) {
            Received r = queue.receive(other, 10, HOLD, Duration.ZERO);
            Expect.that(r.empty(), "nothing from the queue " + Text.quote(other) + ", to which nothing was sent",
                    r.empty() ? "" : "it delivered " + Text.quote(r.only().body()), r.exchange());
        }
    }

    @Test
    @Verifies("MQ-DEFAULTS-1")
    @DisplayName("a receive without parameters delivers one message, keeps it leased, and answers an empty queue at once")
    void receiveWithoutParametersUsesTheDefaults(Target target) {
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("defaults");
        Set<String> sent = new LinkedHashSet<>(List.of("first", "second"));
        sent.forEach(body -> queue.sendOk(q, body));
        Request bare = Request.of("POST", queue.path(RECEIVE, q, ""));
        Set<String> received = new LinkedHashSet<>();
        List<Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Received r = Received.of(target.http().send(bare));
            exchanges.add(r.exchange());
            Expect.that(r.deliveries().size() == 1, "one message (max defaults to 1) from a queue holding "
                            + (sent.size() - i) + " that are not leased",
                    r.deliveries().size() + " came", exchanges.toArray(Exchange[]::new));
            Expect.that(received.add(r.only().body()), "another message than the one just leased (the default lease is "
                    + "30 s)", "it delivered " + Text.quote(r.only().body()) + " again", exchanges.toArray(Exchange[]::new));
        }
        answeredEmptyAtOnce(target, Received.of(target.http().send(bare)));
    }
}
