package dev.commtck.tck.push;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.RawConnection;
import dev.commtck.tck.support.RawResponse;
import dev.commtck.tck.support.Target;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The opening handshake (RFC 6455 §4), checked on the wire. */
@ConformanceSuite(Pattern.PUSH)
@DisplayName("push: opening handshake")
class HandshakeTest {

    /** RFC 6455 §1.3's sample nonce, whose accept value the RFC gives: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=. */
    static final String RFC_SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String UNSUPPORTED_VERSION = "99";

    /** Handshakes a server must accept. */
    enum Handshake {
        RFC_SAMPLE_KEY(HandshakeTest.RFC_SAMPLE_KEY, "Upgrade: websocket", "Connection: Upgrade"),
        RANDOM_KEY(RawWebSocket.newKey(), "Upgrade: websocket", "Connection: Upgrade"),
        /** The token is case-insensitive (§4.2.1); Firefox lists keep-alive before Upgrade. */
        MIXED_CASE_AND_TOKEN_LIST(RawWebSocket.newKey(), "Upgrade: WebSocket", "Connection: keep-alive, Upgrade");

        final String key;
        final String upgrade;
        final String connection;

        Handshake(String key, String upgrade, String connection) {
            this.key = key;
            this.upgrade = upgrade;
            this.connection = connection;
        }
    }

    @ParameterizedTest(name = "{0} is answered 101 with the right Sec-WebSocket-Accept")
    @EnumSource(Handshake.class)
    @Verifies("PUSH-HANDSHAKE-1")
    void handshakeIsAnswered101(Handshake h, Target target) {
        RawResponse r = RawWebSocket.handshake(target.raw(), target.path(PushPaths.SOCKET), h.upgrade, h.connection,
                "Sec-WebSocket-Key: " + h.key, "Sec-WebSocket-Version: 13");
        Expect.that(r.status() == 101, "101 Switching Protocols", "the answer was " + r.summary());
        Expect.that(r.header("upgrade").map(v -> v.strip().equalsIgnoreCase("websocket")).orElse(false),
                "Upgrade: websocket", "Upgrade was " + r.header("upgrade").orElse("missing"));
        Expect.that(r.header("connection").map(HandshakeTest::listsUpgrade).orElse(false),
                "a Connection header listing Upgrade", "Connection was " + r.header("connection").orElse("missing"));
        String expected = RawWebSocket.acceptFor(h.key);
        Expect.that(r.header("sec-websocket-accept").map(String::strip).map(expected::equals).orElse(false),
                "Sec-WebSocket-Accept: " + expected + " for the key " + h.key,
                "it was " + r.header("sec-websocket-accept").orElse("missing"));
    }

    @Test
    @Verifies("PUSH-HANDSHAKE-2")
    @DisplayName("a handshake that offers no extension and no subprotocol is answered without either")
    void noExtensionOrSubprotocolIsNegotiated(Target target) {
        RawResponse r = RawWebSocket.handshake(target.raw(), target.path(PushPaths.SOCKET),
                RawWebSocket.handshakeHeaders(RawWebSocket.newKey()));
        Expect.that(r.status() == 101, "101 Switching Protocols", "the answer was " + r.summary());
        for (String header : List.of("sec-websocket-extensions", "sec-websocket-protocol")) {
            Expect.that(r.header(header).isEmpty(), "no " + header + " header: the client offered none",
                    "the answer carried " + header + ": " + r.header(header).orElse(""));
        }
    }

    private static boolean listsUpgrade(String connection) {
        return Arrays.stream(connection.split(",")).anyMatch(t -> t.strip().equalsIgnoreCase("upgrade"));
    }

    private static RawResponse unsupportedVersion(Target target) {
        RawConnection c = target.raw();
        return RawWebSocket.handshake(c, target.path(PushPaths.SOCKET), "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + RawWebSocket.newKey(), "Sec-WebSocket-Version: " + UNSUPPORTED_VERSION);
    }

    @Test
    @Verifies("PUSH-VERSION-1")
    @DisplayName("a handshake for version 99 is refused with a 4xx naming version 13")
    void otherVersionIsRefused(Target target) {
        RawResponse r = unsupportedVersion(target);
        Expect.that(r.status() >= 400 && r.status() < 500, "a 4xx refusal of version " + UNSUPPORTED_VERSION,
                "the answer was " + r.summary());
        String versions = r.header("sec-websocket-version").orElse("");
        Expect.that(Arrays.stream(versions.split(",")).anyMatch(v -> v.strip().equals("13")),
                "a Sec-WebSocket-Version header listing 13",
                versions.isEmpty() ? "there was none" : "it was " + versions.toLowerCase(Locale.ROOT));
    }

    @Test
    @Verifies("PUSH-VERSION-2")
    @DisplayName("the refusal of an unsupported version is 426 Upgrade Required")
    void otherVersionIsRefusedWith426(Target target) {
        RawResponse r = unsupportedVersion(target);
        Expect.that(r.status() == 426, "426 Upgrade Required", "the answer was " + r.summary());
    }
}
