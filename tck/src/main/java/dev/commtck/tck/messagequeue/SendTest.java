package dev.commtck.tck.messagequeue;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a send is answered, which queue names and bodies are accepted, and what comes back out. */
@ConformanceSuite(Pattern.MESSAGE_QUEUE)
@DisplayName("message-queue: sending")
class SendTest {

    /** Long enough that a message received in a check is not delivered again before the check ends. */
    static final Duration HOLD = Duration.ofSeconds(30);

    @Test
    @Verifies("MQ-SEND-1")
    @DisplayName("a send is answered 201 with an id, and equal bodies get different ids")
    void sendIsAnsweredWithAFreshId(Target target) {
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("send");
        Exchange first = queue.send(q, "the same body");
        Exchange second = queue.send(q, "the same body");
        String a = QueueClient.idOf(first);
        String b = QueueClient.idOf(second);
        Expect.that(!a.equals(b), "two messages with equal bodies to get different ids", "both got the id " + Text.quote(a),
                first, second);
    }

    @Test
    @Verifies("MQ-SIZE-1")
    @DisplayName("a body one byte over the limit is answered 413 and nothing is stored")
    void oversizeBodyIsRefused(Target target) {
        QueueSettings settings = QueueSettings.of(target);
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("size");
        Exchange ex = queue.send(q, "x".repeat(settings.maxBodyBytes() + 1));
        Expect.that(ex.status() == 413, "413 to a body of " + (settings.maxBodyBytes() + 1) + " bytes (limit "
                + settings.maxBodyBytes() + ", message-queue.max-body-bytes)", "the status was " + ex.status(), ex);
        Received after = queue.receive(q, 10, HOLD, Duration.ZERO);
        Expect.that(after.empty(), "nothing stored from the refused send", after.empty() ? "" : "a receive delivered "
                + after.deliveries().size() + " message(s) with a body of " + after.only().body().length() + " characters",
                ex, after.exchange());
    }

    static Stream<Named<String>> invalidNames() {
        return Stream.of(
                Named.of("81 characters", "q".repeat(81)),
                Named.of("a dot", "has.dot"),
                Named.of("an exclamation mark", "has!bang"),
                Named.of("a space", "has%20space"),
                Named.of("a non-ASCII letter", "caf%C3%A9"));
    }

    @ParameterizedTest(name = "a queue name with {0} is refused with 400")
    @MethodSource("invalidNames")
    @Verifies("MQ-NAME-1")
    void invalidQueueNameIsRefused(String name, Target target) {
        QueueClient queue = new QueueClient(target);
        Exchange send = queue.send(name, "named wrongly");
        Expect.that(send.status() == 400, "400 to a send to the queue " + Text.quote(name), "the status was " + send.status(),
                send);
        Exchange receive = target.http().send(queue.receiveRequest(name, 1, HOLD, Duration.ZERO));
        Expect.that(receive.status() == 400, "400 to a receive from the queue " + Text.quote(name),
                "the status was " + receive.status(), receive);
    }

    @Test
    @Verifies("MQ-NAME-1")
    @DisplayName("a queue name of 80 letters, digits, '-' and '_' is accepted")
    void longestQueueNameIsAccepted(Target target) {
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("Name_OK");
        q = q + "x".repeat(80 - q.length());
        queue.sendOk(q, "named rightly");
        Received r = queue.receive(q, 1, HOLD, Duration.ZERO);
        Expect.that(!r.empty() && r.only().body().equals("named rightly"), "the message back from the queue " + Text.quote(q),
                r.empty() ? "the receive was empty" : "it delivered " + Text.quote(r.only().body()), r.exchange());
    }

    static Stream<Named<String>> bodies() {
        StringBuilder full = new StringBuilder();
        for (int i = 0; full.length() < QueueSettings.CONTRACT_MAX_BODY_BYTES; i++) {
            full.append((char) ('a' + i % 26));
        }
        return Stream.of(
                Named.of("an empty body", ""),
                Named.of("whitespace only", " \t\r\n "),
                Named.of("multi-byte UTF-8", "Grüße, 世界 😀"),
                Named.of("JSON-looking text", "{\"id\":\"1\",\"body\":[true,null]}"),
                Named.of("quotes, backslashes and control characters", "say \"hi\" \\ back\\slash \u0001\u001f end"),
                Named.of("surrounding whitespace", "  padded  \n"),
                Named.of("256 KiB, the full size limit", full.toString()));
    }

    @ParameterizedTest(name = "{0} comes back byte for byte")
    @MethodSource("bodies")
    @Verifies("MQ-BODY-1")
    void bodyComesBackUnchanged(String body, Target target) {
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("body");
        Exchange send = queue.send(q, body);
        QueueClient.idOf(send);
        Received r = queue.receive(q, 1, HOLD, Duration.ZERO);
        Expect.that(!r.empty(), "the message just sent to be delivered", "the receive was empty", send, r.exchange());
        Expect.that(r.only().body().equals(body), "the body " + Text.quote(body) + " (" + body.length() + " characters)",
                "it came back as " + Text.quote(r.only().body()) + " (" + r.only().body().length() + " characters)",
                send, r.exchange());
    }
}
