package dev.commtck.tck.sse;

import static dev.commtck.tck.sse.SsePaths.EVENTS;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.SseLine;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stream itself: its head, and what it does over time (it stays open, and idle it carries heartbeats). */
@ConformanceSuite(Pattern.SSE)
@DisplayName("sse: the stream")
class EventStreamTest {

    /** Events sent over the watch window of SSE-OPEN-1. */
    static final int OPEN_EVENTS = 5;
    /** The heartbeat interval the kit asks for where the server offers the parameter. */
    static final long ASKED_HEARTBEAT_MS = 250;

    @Test
    @Verifies("SSE-STREAM-1")
    @DisplayName("GET is answered at once: 200 text/event-stream without Content-Length")
    void answeredAtOnceAsAnEventStream(Target target) {
        EventStream s = target.sse().open(target.path(EVENTS));
        Expect.status(s.head(), 200);
        Expect.mediaType(s.head(), "text/event-stream");
        Expect.that(s.header("content-length").isEmpty(), "no Content-Length on a response that never ends",
                "it had Content-Length: " + s.header("content-length").orElse(""), s.head());
        // timed on a second stream, so that the kit's own start-up (classes, connections) is not counted
        Exchange again = target.sse().open(target.path(EVENTS)).head();
        long fast = target.tolerances().fast().toMillis();
        Expect.that(again.headersMs() - again.startMs() <= fast, "the status line and headers within " + fast
                        + " ms (tolerance 'fast') of the request, with no event pending",
                "they came after " + (again.headersMs() - again.startMs()) + " ms", again);
    }

    @Test
    @Verifies("SSE-CACHE-1")
    @DisplayName("the stream says it must not be cached (Cache-Control)")
    void notToBeCached(Target target) {
        EventStream s = Streams.open(target);
        String cc = s.header("cache-control").orElse("").toLowerCase(Locale.ROOT);
        Expect.that(cc.contains("no-cache") || cc.contains("no-store"), "Cache-Control with no-cache or no-store",
                cc.isEmpty() ? "there was no Cache-Control header" : "Cache-Control was \"" + cc + "\"", s.head());
    }

    @Test
    @Verifies("SSE-OPEN-1")
    @DisplayName("a stream that carries events stays open and live for the watch window")
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // the window is 'tolerance.sse.watch', minutes in the long profile
    void staysOpenAndLive(Target target) {
        long window = SseSettings.watch(target).toMillis();
        EventStream s = Streams.open(target);
        long start = s.headersMs();
        for (int i = 1; i <= OPEN_EVENTS; i++) {
            Trigger t = Trigger.send(target, Trigger.payload("open check", i, OPEN_EVENTS));
            Streams.expect(s.awaitEvent(t::caused, t.sentMs() + target.tolerances().wake().toMillis()).isPresent(),
                    "event " + i + " of " + OPEN_EVENTS + " (id " + t.id() + ") within " + target.tolerances().wake().toMillis()
                            + " ms of its trigger, on a stream that stays open for " + window + " ms (tolerance 'sse.watch')",
                    s.ending().map(end -> "the stream had ended: " + end).orElse("it did not come; the stream is open but no longer delivers"),
                    s);
            boolean open = s.watchUntil(start + window * i / OPEN_EVENTS);
            Streams.expect(open, "the stream still open " + window + " ms (tolerance 'sse.watch') after it opened",
                    s.ending().orElse("it ended") + ", after " + Text.plural(s.events().size(), "event"), s);
        }
    }

    @Test
    @Verifies("SSE-HEARTBEAT-1")
    @DisplayName("an idle stream carries a comment at least once per heartbeat interval")
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // the server's own interval may be watched, minutes in the long profile
    void idleStreamCarriesHeartbeats(Target target) {
        long wake = target.tolerances().wake().toMillis();
        Optional<Boolean> declared = SseSettings.heartbeatParameter(target);
        if (declared.orElse(true)) {
            EventStream s = Streams.open(target,
                    Request.get(SsePaths.withQuery(target.path(EVENTS), "heartbeat=" + ASKED_HEARTBEAT_MS)));
            // long enough for two of the longest silences allowed after a first heartbeat
            long until = s.headersMs() + Math.max(SseSettings.watch(target).toMillis(), ASKED_HEARTBEAT_MS + 2 * (ASKED_HEARTBEAT_MS + wake));
            s.watchUntil(until);
            boolean honoured = declared.orElseGet(() -> s.lines().stream().anyMatch(l -> l.kind() == SseLine.Kind.COMMENT
                    && l.arrivalMs() >= s.headersMs() + ASKED_HEARTBEAT_MS / 2
                    && l.arrivalMs() <= s.headersMs() + ASKED_HEARTBEAT_MS + wake));
            if (honoured || s.longestSilence(until) <= ASKED_HEARTBEAT_MS + wake) {
                expectHeartbeats(target, s, ASKED_HEARTBEAT_MS, until, "the interval asked for with ?heartbeat="
                        + ASKED_HEARTBEAT_MS + (declared.isPresent() ? " (declared offered)" : honoured ? " (detected)" : ""));
                return;
            }
            target.evidence().note("no comment came within " + (ASKED_HEARTBEAT_MS + wake) + " ms of asking ?heartbeat="
                    + ASKED_HEARTBEAT_MS + ": the server does not offer the parameter; watching for its own interval"
                    + " (declare capability.sse.heartbeat-parameter=false to skip this detection)");
            s.close();
        }
        long interval = SseSettings.heartbeat(target).toMillis();
        EventStream s = Streams.open(target);
        long until = s.headersMs() + Math.max(SseSettings.watch(target).toMillis(), 2 * interval + wake);
        s.watchUntil(until);
        expectHeartbeats(target, s, interval, until, "the server's own interval (sse.heartbeat)");
    }

    /** No silence on the stream, watched until {@code untilMs}, may last longer than the interval plus 'wake'. */
    private static void expectHeartbeats(Target target, EventStream s, long interval, long untilMs, String which) {
        long allowed = interval + target.tolerances().wake().toMillis();
        Streams.expect(s.isOpen(), "the idle stream open for the " + (untilMs - s.headersMs()) + " ms the kit watches it",
                s.ending().orElse("it ended"), s);
        long longest = s.longestSilence(untilMs);
        long comments = s.lines().stream().filter(l -> l.kind() == SseLine.Kind.COMMENT).count();
        String seen = comments + " comments in " + (untilMs - s.headersMs()) + " ms; longest silence " + longest + " ms";
        target.evidence().note("heartbeats judged against " + which + ": " + interval + " ms; " + seen);
        Streams.expect(longest <= allowed, "a comment at least every " + interval + " ms (" + which + "), that is no silence"
                + " longer than " + allowed + " ms with 'wake'", "there were " + seen, s);
    }
}
