package dev.commtck.tck.messagequeue;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.HttpProbe;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    /** Messages sent before anything is received: far more than a small buffer holds. */
    static final int BACKLOG = 500;
    /** How many missing messages a failure names. */
    static final int QUOTED = 5;
    /** The statuses of a send refused because the server is full. */
    static final Set<Integer> FULL = Set.of(429, 503, 507);

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

    static Stream<Named<Optional<String>>> contentTypes() {
        return Stream.of(Named.of("application/json", Optional.of("application/json")),
                Named.of("application/octet-stream", Optional.of("application/octet-stream")),
                Named.of("text/csv; charset=utf-8", Optional.of("text/csv; charset=utf-8")),
                Named.of("no Content-Type at all", Optional.empty()));
    }

    @ParameterizedTest(name = "a send with {0} is stored like any other")
    @MethodSource("contentTypes")
    @Verifies("MQ-SEND-1")
    void sendOfAnyContentTypeIsStored(Optional<String> contentType, Target target) {
        QueueClient queue = new QueueClient(target);
        String q = QueueClient.freshQueue("type");
        byte[] body = "{\"any\":\"content type\"}".getBytes(StandardCharsets.UTF_8);
        Request send = new Request("POST", queue.path(QueuePaths.SEND, q, ""), Map.of(), body);
        QueueClient.idOf(target.http().send(contentType.map(type -> send.header("Content-Type", type)).orElse(send)));
    }

    @Test
    @Verifies("MQ-LOST-1")
    @DisplayName("500 messages sent before any receive are all delivered: none dropped to make room")
    void backlogIsDeliveredWhole(Target target) {
        QueueSettings settings = QueueSettings.of(target);
        String q = QueueClient.freshQueue("backlog");
        List<String> stored = new ArrayList<>();
        Set<String> delivered = new HashSet<>();
        Optional<Exchange> full = Optional.empty();
        // hundreds of exchanges: kept out of the report, which gets their counts
        try (HttpProbe probe = new HttpProbe(target.endpoint(), target.tolerances(), new Evidence())) {
            QueueClient queue = new QueueClient(target, probe);
            long deadline = target.evidence().now() + settings.workload().toMillis();
            for (int i = 0; i < BACKLOG && target.evidence().now() < deadline && full.isEmpty(); i++) {
                String body = String.format(Locale.ROOT, "backlog-%03d", i);
                Exchange ex = queue.send(q, body);
                if (FULL.contains(ex.status())) {
                    full = Optional.of(ex); // a server may bound what it stores; what it took is what counts
                } else {
                    QueueClient.idOf(ex);
                    stored.add(body);
                }
            }
            while (delivered.size() < stored.size() && target.evidence().now() < deadline + settings.workload().toMillis()) {
                Received r = queue.receive(q, Workload.BATCH, HOLD, Duration.ZERO);
                if (r.empty()) {
                    break;
                }
                for (Delivery d : r.deliveries()) {
                    delivered.add(d.body());
                    queue.ack(q, d.receipt());
                }
            }
        }
        target.evidence().note(stored.size() + " sends answered 201" + full.map(ex -> ", then " + ex.status()
                + " (full)").orElse("") + "; " + delivered.size() + " of them delivered");
        List<String> missing = stored.stream().filter(b -> !delivered.contains(b)).toList();
        Expect.that(missing.isEmpty(), "all " + stored.size() + " messages answered 201 delivered, the oldest too",
                missing.size() + " never came: " + missing.stream().limit(QUOTED).map(Text::quote).toList()
                        + (missing.size() > QUOTED ? " …" : ""));
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
