package dev.commtck.tck.push;

import static dev.commtck.tck.push.ConversationTest.closePayload;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Protocol violations a well-behaved client library never commits, sent by the raw client: each must fail the
 * connection (RFC 6455 §7.1.7), and the server must not act on what it got. Where possible the offending frame carries
 * a {@code ping} message, so that acting on it shows as a {@code pong}.
 */
@ConformanceSuite(Pattern.PUSH)
class ViolationTest {

    static final byte[] PING = "{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII);
    static final byte[] UNMASKED = "unmasked".getBytes(StandardCharsets.US_ASCII);
    static final int PROTOCOL_ERROR = 1002;
    static final int INVALID_DATA = 1007;

    /** A ping message whose id holds these bytes: valid JSON around invalid UTF-8. */
    static byte[] pingWithId(int... bytes) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"type\":\"ping\",\"id\":\"".getBytes(StandardCharsets.US_ASCII));
        for (int x : bytes) {
            b.write(x);
        }
        b.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    /** One offence: the frames that commit it, and the close code that says why (RFC 6455 §7.4.1). */
    enum Offence {
        UNMASKED_FRAME(PROTOCOL_ERROR, ws -> ws.send(true, 0, WireFrame.TEXT, false, PING)),
        UNMASKED_CONTINUATION(PROTOCOL_ERROR, ws -> {
            ws.send(false, 0, WireFrame.TEXT, true, "{\"type\":".getBytes(StandardCharsets.US_ASCII));
            ws.send(true, 0, WireFrame.CONTINUATION, false, "\"ping\"}".getBytes(StandardCharsets.US_ASCII));
        }),
        UNMASKED_PING(PROTOCOL_ERROR, ws -> ws.send(true, 0, WireFrame.PING, false, UNMASKED)),
        UNMASKED_PONG(PROTOCOL_ERROR, ws -> ws.send(true, 0, WireFrame.PONG, false, UNMASKED)),
        UNMASKED_CLOSE(PROTOCOL_ERROR, ws -> ws.send(true, 0, WireFrame.CLOSE, false, closePayload(1001, ""))),
        PING_OF_126_BYTES(PROTOCOL_ERROR, ws -> ws.send(WireFrame.PING, new byte[126])),
        FRAGMENTED_PING(PROTOCOL_ERROR, ws -> ws.send(false, 0, WireFrame.PING, true, "half".getBytes(StandardCharsets.US_ASCII))),
        RSV1_ON_TEXT(PROTOCOL_ERROR, ws -> ws.send(true, 1, WireFrame.TEXT, true, PING)),
        RSV2_ON_TEXT(PROTOCOL_ERROR, ws -> ws.send(true, 2, WireFrame.TEXT, true, PING)),
        RSV3_ON_PING(PROTOCOL_ERROR, ws -> ws.send(true, 4, WireFrame.PING, true, "rsv".getBytes(StandardCharsets.US_ASCII))),
        OPCODE_3(PROTOCOL_ERROR, ws -> ws.send(0x3, PING)),
        OPCODE_7(PROTOCOL_ERROR, ws -> ws.send(0x7, PING)),
        OPCODE_B(PROTOCOL_ERROR, ws -> ws.send(0xB, new byte[0])),
        OPCODE_F(PROTOCOL_ERROR, ws -> ws.send(0xF, new byte[0])),
        CONTINUATION_OF_NOTHING(PROTOCOL_ERROR, ws -> ws.send(WireFrame.CONTINUATION, PING)),
        UNFINISHED_CONTINUATION_OF_NOTHING(PROTOCOL_ERROR, ws -> ws.send(false, 0, WireFrame.CONTINUATION, true, PING)),
        TEXT_INSIDE_A_FRAGMENTED_TEXT(PROTOCOL_ERROR, ws -> {
            ws.send(false, 0, WireFrame.TEXT, true, "{\"type\":".getBytes(StandardCharsets.US_ASCII));
            ws.send(WireFrame.TEXT, PING);
        }),
        BINARY_INSIDE_A_FRAGMENTED_TEXT(PROTOCOL_ERROR, ws -> {
            ws.send(false, 0, WireFrame.TEXT, true, "{\"type\":".getBytes(StandardCharsets.US_ASCII));
            ws.send(WireFrame.BINARY, new byte[] {1, 2, 3});
        }),
        NON_FINAL_TEXT_INSIDE_A_FRAGMENTED_TEXT(PROTOCOL_ERROR, ws -> {
            ws.send(false, 0, WireFrame.TEXT, true, "{\"type\":".getBytes(StandardCharsets.US_ASCII));
            ws.send(false, 0, WireFrame.TEXT, true, "{\"type\":".getBytes(StandardCharsets.US_ASCII));
            ws.send(true, 0, WireFrame.CONTINUATION, true, "\"ping\"}".getBytes(StandardCharsets.US_ASCII));
        }),
        NON_FINAL_BINARY_INSIDE_A_FRAGMENTED_TEXT(PROTOCOL_ERROR, ws -> {
            ws.send(false, 0, WireFrame.TEXT, true, "{\"type\":".getBytes(StandardCharsets.US_ASCII));
            ws.send(false, 0, WireFrame.BINARY, true, new byte[] {1, 2, 3});
            ws.send(true, 0, WireFrame.CONTINUATION, true, "\"ping\"}".getBytes(StandardCharsets.US_ASCII));
        }),
        INVALID_UTF8(INVALID_DATA, ws -> ws.send(WireFrame.TEXT, pingWithId(0xce, 0xba, 0xed, 0xa0, 0x80, 0x65))),
        INVALID_UTF8_ACROSS_FRAGMENTS(INVALID_DATA, ws -> {
            byte[] m = pingWithId(0xce, 0xba, 0xed, 0xa0, 0x80, 0x65);
            ws.send(false, 0, WireFrame.TEXT, true, Arrays.copyOfRange(m, 0, 22));
            ws.send(true, 0, WireFrame.CONTINUATION, true, Arrays.copyOfRange(m, 22, m.length));
        }),
        OVERLONG_SLASH(INVALID_DATA, ws -> ws.send(WireFrame.TEXT, pingWithId(0xc0, 0xaf))),
        LONE_SURROGATE(INVALID_DATA, ws -> ws.send(WireFrame.TEXT, pingWithId(0xed, 0xa0, 0x80))),
        ABOVE_U10FFFF(INVALID_DATA, ws -> ws.send(WireFrame.TEXT, pingWithId(0xf4, 0x90, 0x80, 0x80))),
        FIVE_BYTE_SEQUENCE(INVALID_DATA, ws -> ws.send(WireFrame.TEXT, pingWithId(0xf8, 0x88, 0x80, 0x80, 0x80))),
        ENDS_INSIDE_A_CHARACTER(INVALID_DATA, ws -> {
            byte[] m = Arrays.copyOf(PING, PING.length + 2);
            m[PING.length] = (byte) 0xe2;
            m[PING.length + 1] = (byte) 0x82;
            ws.send(WireFrame.TEXT, m);
        }),
        CLOSE_OF_ONE_BYTE(PROTOCOL_ERROR, ws -> ws.send(WireFrame.CLOSE, new byte[] {0x03})),
        CLOSE_CODE_0(PROTOCOL_ERROR, ws -> ws.send(WireFrame.CLOSE, closePayload(0, ""))),
        CLOSE_CODE_999(PROTOCOL_ERROR, ws -> ws.send(WireFrame.CLOSE, closePayload(999, ""))),
        CLOSE_CODE_1004(PROTOCOL_ERROR, ws -> ws.send(WireFrame.CLOSE, closePayload(1004, ""))),
        CLOSE_CODE_1005(PROTOCOL_ERROR, ws -> ws.send(WireFrame.CLOSE, closePayload(1005, ""))),
        CLOSE_CODE_1006(PROTOCOL_ERROR, ws -> ws.send(WireFrame.CLOSE, closePayload(1006, ""))),
        CLOSE_CODE_1015(PROTOCOL_ERROR, ws -> ws.send(WireFrame.CLOSE, closePayload(1015, ""))),
        CLOSE_CODE_1016(PROTOCOL_ERROR, ws -> ws.send(WireFrame.CLOSE, closePayload(1016, ""))),
        CLOSE_CODE_2999(PROTOCOL_ERROR, ws -> ws.send(WireFrame.CLOSE, closePayload(2999, ""))),
        CLOSE_CODE_5000(PROTOCOL_ERROR, ws -> ws.send(WireFrame.CLOSE, closePayload(5000, ""))),
        // a close reason is not a message's data, which §7.4.1's 1007 names; Autobahn's case 7.5.1 accepts 1002 too
        CLOSE_REASON_NOT_UTF8(Set.of(INVALID_DATA, PROTOCOL_ERROR), ws -> {
            byte[] p = closePayload(1000, "xx");
            p[2] = (byte) 0xc0;
            p[3] = (byte) 0xaf;
            ws.send(WireFrame.CLOSE, p);
        });

        /** The Close codes that say why, any of them. */
        final Set<Integer> codes;
        final Consumer<RawWebSocket> commit;

        Offence(int code, Consumer<RawWebSocket> commit) {
            this(Set.of(code), commit);
        }

        Offence(Set<Integer> codes, Consumer<RawWebSocket> commit) {
            this.codes = codes;
            this.commit = commit;
        }
    }

    /** Commits the offence on a fresh connection. */
    static RawWebSocket committed(Offence offence, Target target) {
        RawWebSocket ws = RawWebSocket.open(target);
        offence.commit.accept(ws);
        return ws;
    }

    /** Commits the offence on a fresh connection and returns how the connection ended within {@code fast}. */
    private static RawWebSocket.Ending commit(Offence offence, Target target) {
        return committed(offence, target).ending(target.tolerances().fast());
    }

    /** The connection failed, and nothing in the offending frames was acted on. */
    private static void expectFailed(Offence offence, Target target) {
        RawWebSocket ws = committed(offence, target);
        RawWebSocket.Ending end = ws.ending(target.tolerances().fast());
        List<WireFrame> answers = end.before().stream()
                .filter(f -> f.opcode() == WireFrame.PONG || ConversationTest.answer(f)).toList();
        Expect.that(answers.isEmpty(), "no answer to what the offending frames carried",
                answers.isEmpty() ? "" : "the server answered " + answers.get(0).describe());
        expectNoAnswerAsToAValidClose(ws, end);
        Expect.that(end.ended(), "the connection failed within " + target.tolerances().fast().toMillis()
                + " ms (fast): a Close frame, or the TCP connection closed", end.clause());
    }

    @ParameterizedTest(name = "{0} fails the connection")
    @EnumSource(value = Offence.class, names = {"UNMASKED_FRAME", "UNMASKED_CONTINUATION", "UNMASKED_PING", "UNMASKED_PONG",
            "UNMASKED_CLOSE"})
    @Verifies("PUSH-MASK-1")
    void unmaskedFrameFailsTheConnection(Offence offence, Target target) {
        expectFailed(offence, target);
    }

    @ParameterizedTest(name = "{0} fails the connection")
    @EnumSource(value = Offence.class, names = {"PING_OF_126_BYTES", "FRAGMENTED_PING"})
    @Verifies("PUSH-CONTROL-1")
    void badControlFrameFailsTheConnection(Offence offence, Target target) {
        expectFailed(offence, target);
    }

    @ParameterizedTest(name = "{0} fails the connection")
    @EnumSource(value = Offence.class, names = {"RSV1_ON_TEXT", "RSV2_ON_TEXT", "RSV3_ON_PING", "OPCODE_3", "OPCODE_7",
            "OPCODE_B", "OPCODE_F"})
    @Verifies("PUSH-RESERVED-1")
    void reservedBitOrOpcodeFailsTheConnection(Offence offence, Target target) {
        expectFailed(offence, target);
    }

    @ParameterizedTest(name = "{0} fails the connection")
    @EnumSource(value = Offence.class, names = {"CONTINUATION_OF_NOTHING", "UNFINISHED_CONTINUATION_OF_NOTHING",
            "TEXT_INSIDE_A_FRAGMENTED_TEXT", "BINARY_INSIDE_A_FRAGMENTED_TEXT", "NON_FINAL_TEXT_INSIDE_A_FRAGMENTED_TEXT",
            "NON_FINAL_BINARY_INSIDE_A_FRAGMENTED_TEXT"})
    @Verifies("PUSH-FRAGMENT-1")
    void badFragmentationFailsTheConnection(Offence offence, Target target) {
        expectFailed(offence, target);
    }

    @ParameterizedTest(name = "{0} fails the connection")
    @EnumSource(value = Offence.class, names = {"INVALID_UTF8", "INVALID_UTF8_ACROSS_FRAGMENTS", "OVERLONG_SLASH",
            "LONE_SURROGATE", "ABOVE_U10FFFF", "FIVE_BYTE_SEQUENCE", "ENDS_INSIDE_A_CHARACTER"})
    @Verifies("PUSH-UTF8-1")
    void invalidUtf8FailsTheConnection(Offence offence, Target target) {
        expectFailed(offence, target);
    }

    /**
     * When the offending frames held a Close, the server's Close does not answer it as a valid one: not {@code 1000},
     * not the code it carried, echoed.
     */
    private static void expectNoAnswerAsToAValidClose(RawWebSocket ws, RawWebSocket.Ending end) {
        Optional<WireFrame> offending = ws.sent().stream().filter(f -> f.opcode() == WireFrame.CLOSE).findFirst();
        if (offending.isEmpty() || end.close() == null) {
            return;
        }
        int sentCode = offending.get().closeCode();
        int code = end.close().closeCode();
        Expect.that(code != 1000 && (sentCode < 0 || code != sentCode),
                "a protocol error, not the answer to a valid Close (1000, or the code it carried echoed)",
                "the server answered with " + end.describe() + (code == 1000 ? ", a normal close" : ", the code the kit sent,"
                        + " echoed") + ", as if the frame were valid");
    }

    @ParameterizedTest(name = "{0} fails the connection, not answered as a valid Close")
    @EnumSource(value = Offence.class, names = {"CLOSE_OF_ONE_BYTE", "CLOSE_CODE_0", "CLOSE_CODE_999", "CLOSE_CODE_1004",
            "CLOSE_CODE_1005", "CLOSE_CODE_1006", "CLOSE_CODE_1015", "CLOSE_CODE_1016", "CLOSE_CODE_2999", "CLOSE_CODE_5000",
            "CLOSE_REASON_NOT_UTF8"})
    @Verifies("PUSH-CLOSEPAYLOAD-1")
    void invalidClosePayloadFailsTheConnection(Offence offence, Target target) {
        RawWebSocket ws = committed(offence, target);
        RawWebSocket.Ending end = ws.ending(target.tolerances().fast());
        Expect.that(end.ended(), "the connection failed within " + target.tolerances().fast().toMillis() + " ms (fast)",
                end.clause());
        expectNoAnswerAsToAValidClose(ws, end);
    }

    @ParameterizedTest(name = "{0} is closed with the code that says why")
    @EnumSource(value = Offence.class, names = {"UNMASKED_FRAME", "RSV1_ON_TEXT", "OPCODE_3", "PING_OF_126_BYTES",
            "CONTINUATION_OF_NOTHING", "INVALID_UTF8", "CLOSE_CODE_1005", "CLOSE_REASON_NOT_UTF8"})
    @Verifies("PUSH-FAILCODE-1")
    void failureCarriesTheRightCode(Offence offence, Target target) {
        RawWebSocket.Ending end = commit(offence, target);
        Expect.that(end.close() != null && offence.codes.contains(end.close().closeCode()), "a Close frame with code "
                        + String.join(" or ", offence.codes.stream().sorted().map(String::valueOf).toList()),
                end.clause());
    }
}
