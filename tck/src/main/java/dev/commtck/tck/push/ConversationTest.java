package dev.commtck.tck.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The channel's other direction: the client's ping, Ping and Close frames, and what the server's frames look like. */
@ConformanceSuite(Pattern.PUSH)
@DisplayName("push: the client speaks")
class ConversationTest {

    /** {@code {"type":"ping","id":"ü€"}}: split after its 22nd byte, which falls inside the two bytes of ü. */
    static final String PING_WITH_ID = "{\"type\":\"ping\",\"id\":\"\u00fc\u20ac\"}";
    static final int SPLIT_INSIDE_U_UMLAUT = 22;
    /** RFC 6455 §7.4.1: the endpoint received data it cannot accept (a binary message, here). */
    static final int UNSUPPORTED_DATA = 1003;

    private static boolean pongFor(WireFrame f, String id) {
        return f.is("pong") && PushClient.sameValue(PushClient.JSON.valueToTree(id), f.json().path("id"));
    }

    /** A message that answers the client: anything but what the server pushes on its own. */
    static boolean answer(WireFrame f) {
        return f.opcode() == WireFrame.TEXT && !f.is("tick") && !f.is("notification");
    }

    /**
     * The pings of several clients at once: without an id, and with ids of every JSON type — two that differ only in
     * type ({@code 7} and {@code "7"}), ones a truthiness test loses ({@code 0}, {@code null}) — one with the id
     * first, one with a member the server must ignore.
     */
    static final List<String> PINGS = List.of(
            "{\"type\":\"ping\"}",
            "{\"type\":\"ping\",\"id\":7}",
            "{\"type\":\"ping\",\"id\":\"7\"}",
            "{\"id\":0,\"type\":\"ping\"}",
            "{\"type\":\"ping\",\"id\":null}",
            "{\"type\":\"ping\",\"id\":{\"n\":[1.5,\"x\",false]},\"sentBy\":\"commtck\"}");

    @Test
    @Verifies("PUSH-MESSAGE-1")
    @DisplayName("pings from several clients at once are each answered pong on their own connection, with their id")
    void pingMessagesAreAnsweredPongOnTheirConnection(Target target) {
        List<PushClient> clients = new java.util.ArrayList<>();
        try {
            for (int i = 1; i <= PINGS.size(); i++) {
                clients.add(PushClient.connect(target, "client " + i));
            }
            long sent = target.evidence().now();
            for (int i = 0; i < PINGS.size(); i++) {
                clients.get(i).send(PINGS.get(i));
            }
            long fast = target.tolerances().fast().toMillis();
            for (int i = 0; i < PINGS.size(); i++) {
                PushClient c = clients.get(i);
                JsonNode ping = PushClient.json(PINGS.get(i));
                Optional<PushClient.Message> reply = c.await(m -> !m.is("tick") && !m.is("notification"),
                        Duration.ofMillis(Math.max(0, sent + fast - target.evidence().now())));
                Expect.that(reply.isPresent(), c.name() + " to be answered " + PINGS.get(i) + " within " + fast
                        + " ms (fast), on its own connection", "no reply came to it");
                PushClient.Message pong = reply.get();
                Expect.that(pong.is("pong"), c.name() + " to be answered {\"type\":\"pong\"…}", "the reply was "
                        + Text.quote(pong.text(), 200) + whoseId(pong, i));
                Expect.that(ping.has("id") ? pong.json().has("id") && PushClient.sameValue(ping.get("id"), pong.json().get("id"))
                        : whoseId(pong, i).isEmpty(), c.name() + (ping.has("id") ? " to get back the id " + ping.get("id")
                        + ", of the same JSON type and value" : " to be answered its own pong, without an id"),
                        "the pong was " + Text.quote(pong.text(), 200) + whoseId(pong, i));
            }
        } finally {
            clients.forEach(PushClient::close);
        }
    }

    /** {@code ", which carries the id of client 3's ping"} when a message carries the id of another client's ping. */
    private static String whoseId(PushClient.Message pong, int to) {
        JsonNode id = pong.json() == null ? null : pong.json().get("id");
        for (int i = 0; id != null && i < PINGS.size(); i++) {
            JsonNode theirs = PushClient.json(PINGS.get(i)).get("id");
            if (i != to && theirs != null && PushClient.sameValue(theirs, id)) {
                return ", which carries the id of client " + (i + 1) + "'s ping";
            }
        }
        return "";
    }

    @Test
    @Verifies("PUSH-MESSAGE-1")
    @DisplayName("a ping split in two fragments inside a UTF-8 character is answered pong with the same id")
    void fragmentedPingMessageIsAnsweredPong(Target target) {
        RawWebSocket ws = RawWebSocket.open(target);
        byte[] ping = PING_WITH_ID.getBytes(StandardCharsets.UTF_8);
        ws.send(false, 0, WireFrame.TEXT, true, Arrays.copyOfRange(ping, 0, SPLIT_INSIDE_U_UMLAUT));
        ws.send(true, 0, WireFrame.CONTINUATION, true, Arrays.copyOfRange(ping, SPLIT_INSIDE_U_UMLAUT, ping.length));
        Optional<WireFrame> reply = ws.await(ConversationTest::answer, target.tolerances().fast());
        Expect.that(reply.isPresent() && pongFor(reply.get(), "\u00fc\u20ac"),
                "{\"type\":\"pong\",\"id\":\"\u00fc\u20ac\"} within " + target.tolerances().fast().toMillis() + " ms (fast)",
                reply.map(f -> "the reply was " + f.describe()).orElse("none came"));
    }

    /** Client text messages that are not a ping, each to be answered with an error message. */
    enum NotAPing {
        OTHER_TYPE("{\"type\":\"subscribe\",\"topic\":\"prices\"}"),
        PING_IN_CAPITALS("{\"type\":\"PING\"}"),
        TYPE_NOT_A_STRING("{\"type\":1}"),
        NO_TYPE("{\"id\":7}"),
        JSON_ARRAY("[\"ping\"]"),
        NOT_JSON("ping"),
        EMPTY("");

        final String text;

        NotAPing(String text) {
            this.text = text;
        }
    }

    @ParameterizedTest(name = "{0} is answered with an error message, and the connection stays open")
    @EnumSource(NotAPing.class)
    @Verifies("PUSH-ERROR-1")
    void otherMessageIsAnsweredError(NotAPing message, Target target) {
        RawWebSocket ws = RawWebSocket.open(target);
        ws.sendText(message.text);
        Optional<WireFrame> reply = ws.await(f -> answer(f) || f.opcode() == WireFrame.CLOSE, target.tolerances().fast());
        expectError(reply, target);
        expectStillOpen(ws, target);
    }

    @Test
    @Verifies("PUSH-ERROR-1")
    @DisplayName("a binary message is answered with an error message, or a Close 1003")
    void binaryMessageIsAnsweredErrorOrClosed(Target target) {
        RawWebSocket ws = RawWebSocket.open(target);
        ws.send(WireFrame.BINARY, "{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII));
        Optional<WireFrame> reply = ws.await(f -> answer(f) || f.opcode() == WireFrame.CLOSE, target.tolerances().fast());
        if (reply.isPresent() && reply.get().opcode() == WireFrame.CLOSE) {
            Expect.that(reply.get().closeCode() == UNSUPPORTED_DATA, "an error message, or a Close frame with 1003",
                    "the server closed with " + reply.get().describe());
            return;
        }
        expectError(reply, target);
        expectStillOpen(ws, target);
    }

    /** The reply was {@code {"type":"error","reason":"…"}}. */
    private static void expectError(Optional<WireFrame> reply, Target target) {
        Expect.that(reply.isPresent(), "an error message within " + target.tolerances().fast().toMillis() + " ms (fast)",
                "no reply came");
        Expect.that(reply.get().is("error") && reply.get().json().path("reason").isTextual(),
                "{\"type\":\"error\",\"reason\":\"…\"}, the reason a string", "the reply was " + reply.get().describe());
    }

    /** The connection stays open after the error: a ping sent on it is answered pong. */
    private static void expectStillOpen(RawWebSocket ws, Target target) {
        ws.sendText("{\"type\":\"ping\",\"id\":\"after the error\"}");
        Optional<WireFrame> pong = ws.await(f -> answer(f) || f.opcode() == WireFrame.CLOSE, target.tolerances().fast());
        Expect.that(pong.isPresent() && pongFor(pong.get(), "after the error"), "the connection still open: a ping sent"
                + " after the error answered pong within " + target.tolerances().fast().toMillis() + " ms (fast)",
                pong.map(f -> "the reply was " + f.describe()).orElse("no reply came"));
    }

    /** Pings a server must answer with the same payload (Autobahn 2.1–2.4, 5.6). */
    enum Ping {
        EMPTY(new byte[0], false),
        TEXT("commtck".getBytes(StandardCharsets.US_ASCII), false),
        BINARY_125_BYTES(binary(125), false),
        BETWEEN_FRAGMENTS("between".getBytes(StandardCharsets.US_ASCII), true);

        final byte[] payload;
        final boolean insideMessage;

        Ping(byte[] payload, boolean insideMessage) {
            this.payload = payload;
            this.insideMessage = insideMessage;
        }
    }

    static byte[] binary(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (0xff - i * 2);
        }
        return b;
    }

    @ParameterizedTest(name = "a Ping frame ({0}) is answered with a Pong carrying the same payload")
    @EnumSource(Ping.class)
    @Verifies("PUSH-PING-1")
    void pingFrameIsAnsweredWithTheSamePayload(Ping ping, Target target) {
        RawWebSocket ws = RawWebSocket.open(target);
        if (ping.insideMessage) {
            ws.send(false, 0, WireFrame.TEXT, true, "{\"type\":".getBytes(StandardCharsets.US_ASCII));
        }
        ws.send(WireFrame.PING, ping.payload);
        Optional<WireFrame> pong = ws.await(f -> f.opcode() == WireFrame.PONG, target.tolerances().fast());
        Expect.that(pong.isPresent(), "a Pong frame within " + target.tolerances().fast().toMillis() + " ms (fast)",
                "none came");
        Expect.that(Arrays.equals(pong.get().payload(), ping.payload), "the Pong to carry the Ping's " + ping.payload.length
                + " bytes", "it carried " + pong.get().describe());
        if (ping.insideMessage) {
            ws.send(true, 0, WireFrame.CONTINUATION, true, "\"ping\"}".getBytes(StandardCharsets.US_ASCII));
            Expect.that(ws.await(f -> f.is("pong"), target.tolerances().fast()).isPresent(),
                    "the message around the Ping to be answered pong", "no pong came");
        }
    }

    /** Close frames a client may send (Autobahn 7.3.1, 7.3.3, 7.3.4). */
    enum Close {
        NO_PAYLOAD(new byte[0]),
        CODE_1000_WITH_REASON(closePayload(1000, "bye")),
        CODE_1001(closePayload(1001, ""));

        final byte[] payload;

        Close(byte[] payload) {
            this.payload = payload;
        }
    }

    static byte[] closePayload(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return p;
    }

    @ParameterizedTest(name = "a Close frame ({0}) is answered with a Close frame, and no data after it")
    @EnumSource(Close.class)
    @Verifies("PUSH-CLOSE-1")
    void closeIsEchoed(Close close, Target target) {
        RawWebSocket ws = RawWebSocket.open(target);
        ws.send(WireFrame.CLOSE, close.payload);
        RawWebSocket.Ending end = ws.ending(target.tolerances().fast());
        Expect.that(end.close() != null, "a Close frame within " + target.tolerances().fast().toMillis() + " ms (fast)",
                end.clause());
        // long enough for a tick to come, unless the server closes the TCP connection first
        Duration watch = PushPaths.period(target).plus(target.tolerances().wake());
        RawWebSocket.Read last = ws.drain(watch);
        List<WireFrame> frames = ws.received();
        List<WireFrame> dataAfter = frames.subList(frames.indexOf(end.close()) + 1, frames.size()).stream()
                .filter(f -> !f.control()).toList();
        Expect.that(dataAfter.isEmpty(), "no data frame after the server's Close (watched until the TCP connection closed,"
                + " or " + watch.toMillis() + " ms: push.period + wake)", dataAfter.isEmpty() ? "" : "it sent "
                + dataAfter.size() + " after it, the first " + dataAfter.get(0).describe() + " at +" + dataAfter.get(0).atMs()
                + " ms, " + (dataAfter.get(0).atMs() - end.close().atMs()) + " ms after its Close");
        target.evidence().note(last instanceof RawWebSocket.Eof ? "the server closed the TCP connection after its Close"
                : "the connection stayed open after the Close, without data frames");
    }

    @Test
    @Verifies("PUSH-CLOSE-2")
    @DisplayName("after the close handshake the server closes the TCP connection")
    void tcpIsClosedAfterTheCloseHandshake(Target target) {
        RawWebSocket ws = RawWebSocket.open(target);
        ws.send(WireFrame.CLOSE, closePayload(1000, ""));
        Expect.that(ws.ending(target.tolerances().fast()).close() != null, "a Close frame in answer", "none came");
        RawWebSocket.Read r = ws.read(target.tolerances().wake());
        Expect.that(r instanceof RawWebSocket.Eof, "the TCP connection closed within " + target.tolerances().wake().toMillis()
                + " ms (wake) of the close handshake", r instanceof RawWebSocket.Got g ? "a frame came: "
                + g.frame().describe() : "it stayed open");
    }

    /**
     * Ways to make a server send a Close frame; every code on the wire must be one that may be sent, also in answer to
     * a Close whose code may not be (an echo of it would put it on the wire).
     */
    enum CloseProvocation {
        ANSWER_TO_CLOSE_WITHOUT_PAYLOAD(ws -> ws.send(WireFrame.CLOSE, new byte[0])),
        ANSWER_TO_CLOSE_1001(ws -> ws.send(WireFrame.CLOSE, closePayload(1001, ""))),
        FAILING_AN_UNMASKED_FRAME(ViolationTest.Offence.UNMASKED_FRAME.commit),
        FAILING_INVALID_UTF8(ViolationTest.Offence.OVERLONG_SLASH.commit),
        ANSWER_TO_CLOSE_CODE_0(ViolationTest.Offence.CLOSE_CODE_0.commit),
        ANSWER_TO_CLOSE_CODE_1004(ViolationTest.Offence.CLOSE_CODE_1004.commit),
        ANSWER_TO_CLOSE_CODE_1005(ViolationTest.Offence.CLOSE_CODE_1005.commit),
        ANSWER_TO_CLOSE_CODE_1006(ViolationTest.Offence.CLOSE_CODE_1006.commit),
        ANSWER_TO_CLOSE_CODE_1015(ViolationTest.Offence.CLOSE_CODE_1015.commit),
        ANSWER_TO_CLOSE_CODE_5000(ViolationTest.Offence.CLOSE_CODE_5000.commit);

        final Consumer<RawWebSocket> provoke;

        CloseProvocation(Consumer<RawWebSocket> provoke) {
            this.provoke = provoke;
        }
    }

    @ParameterizedTest(name = "the Close the server sends ({0}) carries a code that may be sent")
    @EnumSource(CloseProvocation.class)
    @Verifies("PUSH-CLOSECODE-1")
    void closeCodesAreValid(CloseProvocation how, Target target) {
        RawWebSocket ws = RawWebSocket.open(target);
        how.provoke.accept(ws);
        RawWebSocket.Ending end = ws.ending(target.tolerances().fast());
        if (end.close() == null) {
            target.evidence().note("no Close frame came (" + end.describe() + "): no code to check");
            return;
        }
        int code = end.close().closeCode();
        Expect.that(code < 0 || mayBeSent(code), "no code, or one of 1000–1003, 1007–1014, 3000–4999",
                "the Close carried " + code);
    }

    /** RFC 6455 §7.4 and the IANA registry: the codes a Close frame may carry. */
    static boolean mayBeSent(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    /**
     * A conversation that has the server send every kind of frame it sends: messages (a tick, a notification whose
     * characters take several bytes, a pong), a Pong frame and a Close frame.
     */
    private static RawWebSocket converse(Target target) {
        RawWebSocket ws = RawWebSocket.open(target);
        ws.await(f -> f.is("tick"), PushPaths.period(target).plus(target.tolerances().wake()));
        ws.send(WireFrame.PING, "frame".getBytes(StandardCharsets.US_ASCII));
        ws.await(f -> f.opcode() == WireFrame.PONG, target.tolerances().fast());
        ws.sendText("{\"type\":\"ping\"}");
        ws.await(f -> f.is("pong"), target.tolerances().fast());
        NotificationTest.post(target, "commtck frames \u00fc\u20ac\ud83d\ude00");
        ws.await(f -> f.is("notification"), target.tolerances().wake());
        ws.send(WireFrame.CLOSE, closePayload(1000, ""));
        ws.ending(target.tolerances().fast());
        Expect.that(!ws.received().isEmpty(), "frames from the server to check", "it sent none");
        return ws;
    }

    @Test
    @Verifies("PUSH-FRAME-1")
    @DisplayName("every frame the server sends is unmasked, with no RSV bit")
    void serverFramesAreUnmaskedWithoutRsv(Target target) {
        List<WireFrame> frames = converse(target).received();
        for (WireFrame f : frames) {
            Expect.that(!f.masked() && f.rsv() == 0, "every server frame unmasked and with RSV bits 0",
                    "it sent " + f.describe() + (f.rsv() != 0 ? " with RSV " + f.rsv() : ""));
        }
        target.evidence().note(frames.size() + " frames from the server, all unmasked, no RSV bit");
    }

    @Test
    @Verifies("PUSH-FRAME-2")
    @DisplayName("the server's frames form messages: fragments continued, control frames whole, text valid UTF-8")
    void serverFramesFormMessages(Target target) {
        RawWebSocket ws = converse(target);
        List<String> problems = ws.framingProblems();
        Expect.that(problems.isEmpty(), "frames that form messages as RFC 6455 §5.4 and §5.5 want, text messages valid"
                + " UTF-8", problems.isEmpty() ? "" : "the server sent " + problems.get(0)
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : ""));
        target.evidence().note(ws.received().size() + " frames from the server, all forming messages");
    }
}
