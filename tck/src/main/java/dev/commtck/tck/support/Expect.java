package dev.commtck.tck.support;

import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.SseEvent;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Assertions that fail the way the kit reports: one sentence of expected against observed, then the exchanges that
 * show it, each with a command to reproduce it.
 */
public final class Expect {

    static final String EXCHANGE_HEADING = "Exchange:";

    private Expect() {
    }

    public static void status(Exchange ex, int expected) {
        that(ex.status() == expected, "status " + expected, "the status was " + ex.status(), ex);
    }

    public static void mediaType(Exchange ex, String expected) {
        String actual = ex.mediaType();
        that(actual.equals(expected), "media type " + expected,
                actual.isEmpty() ? "there was no Content-Type" : "the media type was " + actual
                        + " (Content-Type: " + ex.header("content-type").orElse("") + ")", ex);
    }

    /** The body is exactly these characters, encoded in UTF-8: no more bytes, no fewer. */
    public static void body(Exchange ex, String expected) {
        byte[] want = expected.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        that(Arrays.equals(want, ex.body()), "the body " + Text.quoteBytes(want), "it was " + Text.quoteBytes(ex.body()), ex);
    }

    public static void that(boolean ok, String expected, String actual, Exchange... evidence) {
        if (!ok) {
            throw failure(expected, actual, evidence);
        }
    }

    public static ConformanceFailure failure(String expected, String actual, Exchange... evidence) {
        return new ConformanceFailure(expected, actual, describe(evidence));
    }

    /** Like {@link #that}, with event streams as the evidence. */
    public static void thatStreams(boolean ok, String expected, String actual, EventStream... streams) {
        if (!ok) {
            throw streamFailure(expected, actual, streams);
        }
    }

    /**
     * The stale signal first on {@code s}, opened with a {@code Last-Event-ID} that cannot be resumed after
     * ({@code why}): notices of the server's own may come before it, events of the sequence may not; its data is that
     * {@code Last-Event-ID}.
     */
    public static void staleSignalFirst(EventStream s, String lastEventId, Object why) {
        Optional<SseEvent> first = s.events().stream().filter(e -> !e.isNotice()).findFirst();
        thatStreams(first.map(e -> e.type().equals(SseEvent.STALE_TYPE)).orElse(false),
                "with Last-Event-ID: " + lastEventId + " (" + why + "), an event of type stale before any other",
                first.map(e -> "the first event was of type " + Text.quote(e.type()) + " with data " + Text.quote(e.data(), 60)
                        + e.id().map(id -> " and id " + id).orElse("")).orElse("there was none"), s);
        thatStreams(first.get().data().equals(lastEventId), "the stale signal's data to be the Last-Event-ID "
                + Text.quote(lastEventId), "it was " + Text.quote(first.get().data(), 60), s);
    }

    /** A failure whose details are the streams' transcripts (the first three). */
    public static ConformanceFailure streamFailure(String expected, String actual, EventStream... streams) {
        return new ConformanceFailure(expected, actual,
                Arrays.stream(streams).limit(3).map(EventStream::describe).collect(Collectors.joining("\n")));
    }

    /** The exchanges as a failure message quotes them: one line each, then how to send the last one again. */
    public static String describe(Exchange... evidence) {
        if (evidence.length == 0) {
            return "";
        }
        String lines = Arrays.stream(evidence).limit(5).map(e -> "  at +" + e.startMs() + " ms: " + e.summary())
                .collect(Collectors.joining("\n"));
        String more = evidence.length > 5 ? "\n  … and " + (evidence.length - 5) + " more exchanges" : "";
        return EXCHANGE_HEADING + "\n" + lines + more + "\nReproduce:\n  " + evidence[Math.min(evidence.length, 5) - 1].curl();
    }
}
