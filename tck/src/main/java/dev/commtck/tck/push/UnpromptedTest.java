package dev.commtck.tck.push;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the server sends a client that says nothing: ticks at the declared rate, and keep-alive Pings. */
@ConformanceSuite(Pattern.PUSH)
@DisplayName("push: unprompted messages")
class UnpromptedTest {

    static final int TICKS = 3;

    @Test
    @Verifies("PUSH-UNPROMPTED-1")
    @DisplayName("a silent client gets a tick within the period")
    void silentClientGetsATick(Target target) {
        Duration bound = PushPaths.period(target).plus(target.tolerances().wake());
        try (PushClient client = PushClient.connect(target, "client")) {
            long connected = target.evidence().now();
            Optional<PushClient.Message> tick = client.await(m -> m.is("tick"), bound);
            Expect.that(tick.isPresent(), "a tick within " + bound.toMillis() + " ms (push.period + wake) of the 101,"
                    + " without sending anything", "none came");
            target.evidence().note("first tick " + (tick.get().atMs() - connected) + " ms after the handshake");
        }
    }

    @Test
    @Verifies("PUSH-TICK-1")
    @DisplayName("ticks keep coming, at most a period apart, with increasing seq")
    void ticksComeAtTheDeclaredRate(Target target) {
        Duration gap = PushPaths.period(target).plus(target.tolerances().wake());
        try (PushClient client = PushClient.connect(target, "client")) {
            List<PushClient.Message> ticks = new ArrayList<>();
            long previous = target.evidence().now();
            for (int i = 0; i < TICKS; i++) {
                Optional<PushClient.Message> tick = client.await(m -> m.is("tick"), gap);
                long waited = target.evidence().now() - previous;
                Expect.that(tick.isPresent(), "tick " + (i + 1) + " of " + TICKS + " within " + gap.toMillis()
                        + " ms (push.period + wake) of the " + (i == 0 ? "handshake" : "previous tick"),
                        "none came in " + waited + " ms");
                PushClient.Message m = tick.get();
                Expect.that(m.json().path("seq").isIntegralNumber(), "an integer seq in every tick", "tick was " + m.text());
                if (!ticks.isEmpty()) {
                    long before = ticks.get(ticks.size() - 1).json().path("seq").asLong();
                    Expect.that(m.json().path("seq").asLong() > before, "seq increasing from tick to tick",
                            "seq " + m.json().path("seq").asLong() + " followed seq " + before);
                }
                ticks.add(m);
                previous = m.atMs();
            }
        }
    }

    @Test
    @Verifies("PUSH-KEEPALIVE-1")
    @DisplayName("a client silent for the keep-alive period gets a Ping frame")
    void silentClientIsPinged(Target target) {
        Duration bound = PushPaths.keepAlive(target).plus(target.tolerances().wake());
        RawWebSocket ws = RawWebSocket.open(target);
        Optional<WireFrame> ping = ws.await(f -> f.opcode() == WireFrame.PING, bound);
        Expect.that(ping.isPresent(), "a Ping frame within " + bound.toMillis() + " ms (push.keepalive + wake) of silence",
                "none came");
    }
}
