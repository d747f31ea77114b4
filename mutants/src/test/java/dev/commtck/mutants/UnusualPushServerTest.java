package dev.commtck.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.commtck.mutants.push.FragmentingWriter;
import dev.commtck.mutants.push.WireRewriter;
import dev.commtck.reference.ReferenceServer;
import dev.commtck.reference.push.CloseCodes;
import dev.commtck.reference.push.Frame;
import dev.commtck.reference.push.Outbound;
import dev.commtck.reference.push.PushSettings;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Correct push servers unlike the reference on the wire must pass: RFC 6455 §5.4 lets one fragment every message it
 * sends (here in three frames, the first cut inside a character where it can be) and send a Ping between the
 * fragments, and the kit must judge the messages, not their first frames; another (as Tomcat and {@code ws} do, found
 * with the framework matrix) answers a Close frame whose reason is not UTF-8 with 1002 rather than 1007, and upgrades a
 * handshake for version 8 of the protocol, which it implements as 13.
 */
class UnusualPushServerTest {

    @Test
    void serverThatFragmentsEveryMessageAndPingsBetweenTheFragments() {
        try (ReferenceServer server = ReferenceServer.start("127.0.0.1", 0, routing -> { },
                push -> push.wire(FragmentingWriter::correct))) {
            RunResult result = Runs.run(server.uri(), Pattern.PUSH, "unusual-push",
                    Map.of("commtck.push.keepalive", Long.toString(PushSettings.DEFAULT.keepAlive().toMillis())));
            assertEquals(ExitCodes.CONFORMING, result.exitCode(),
                    () -> "a correct server was not passed: " + Runs.problems(result));
            assertEquals(0, result.count(Verdict.WARN), () -> "warnings: " + Runs.problems(result));
        }
    }

    @Test
    void serverThatAnswersABadCloseReasonWith1002AndUpgradesVersion8() {
        try (ReferenceServer server = ReferenceServer.start("127.0.0.1", 0, routing -> { }, push -> push
                .handshake(headers -> {
                    if ("8".equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
                        headers.set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13"); // version 8 is 13 as far as this server goes
                    }
                })
                .wire(() -> new WireRewriter() {
                    @Override
                    protected byte[] frame(WrittenFrame frame) {
                        byte[] p = frame.payload();
                        boolean badReason = frame.opcode() == Frame.CLOSE && p.length > 2 && ((p[0] & 0xff) << 8 | p[1] & 0xff)
                                == CloseCodes.INVALID_DATA && new String(p, 2, p.length - 2, StandardCharsets.UTF_8).contains("close reason");
                        if (!badReason) {
                            return frame.bytes();
                        }
                        byte[] as1002 = p.clone();
                        as1002[1] = (byte) (CloseCodes.PROTOCOL_ERROR & 0xff);
                        return Outbound.encode(true, Frame.CLOSE, as1002);
                    }
                }))) {
            RunResult result = Runs.run(server.uri(), Pattern.PUSH, "push-1002-and-version-8",
                    Map.of("commtck.push.keepalive", Long.toString(PushSettings.DEFAULT.keepAlive().toMillis())));
            assertEquals(ExitCodes.CONFORMING, result.exitCode(), () -> "a correct server was not passed: " + Runs.problems(result));
            assertEquals(0, result.count(Verdict.WARN), () -> "warnings: " + Runs.problems(result));
        }
    }
}
