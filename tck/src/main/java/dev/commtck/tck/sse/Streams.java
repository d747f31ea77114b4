package dev.commtck.tck.sse;

import static dev.commtck.tck.sse.SsePaths.EVENTS;

import dev.commtck.tck.support.ConformanceFailure;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.SseEvent;
import java.util.List;
import java.util.Optional;

/** Opening the events resource, waiting for the kit's own events on it, and failing with the streams as evidence. */
final class Streams {

    private Streams() {
    }

    /** A stream of the events resource. */
    static EventStream open(Target target) {
        return open(target, Request.get(target.path(EVENTS)));
    }

    /** A stream of the events resource, asked for with one more request header. */
    static EventStream open(Target target, String header, String value) {
        return open(target, Request.get(target.path(EVENTS)).header(header, value));
    }

    /** A stream; one that is not answered {@code 200} cannot be used, and SSE-STREAM-1 says why. */
    static EventStream open(Target target, Request request) {
        EventStream s = target.sse().open(request);
        if (s.status() != 200) {
            throw new EvaluationError("cannot evaluate: GET " + request.path() + " was answered " + s.status()
                    + ", not 200 with an event stream (SSE-STREAM-1; paths.sse.events configures where it is)");
        }
        return s;
    }

    /** Waits, until {@code wake} after the trigger was sent, for the event it caused; fails when it does not come. */
    static SseEvent awaitCaused(Target target, EventStream s, Trigger t) {
        long deadline = t.sentMs() + target.tolerances().wake().toMillis();
        Optional<SseEvent> e = s.awaitEvent(t::caused, deadline);
        if (e.isEmpty()) {
            throw failure("the event with id " + t.id() + " (its trigger was sent at +" + t.sentMs() + " ms) within "
                    + target.tolerances().wake().toMillis() + " ms (tolerance 'wake'), complete with its blank line",
                    s.ending().map(end -> "it had not come when " + end).orElse("it had not come by +" + deadline + " ms"), s);
        }
        return e.get();
    }

    /** The kit's events among a stream's, in the order they arrived. */
    static List<SseEvent> causedBy(List<Trigger> triggers, EventStream s) {
        return s.events().stream().filter(e -> triggers.stream().anyMatch(t -> t.caused(e))).toList();
    }

    static void expect(boolean ok, String expected, String actual, EventStream... streams) {
        Expect.thatStreams(ok, expected, actual, streams);
    }

    /** A failure whose details are the streams' transcripts (the first three). */
    static ConformanceFailure failure(String expected, String actual, EventStream... streams) {
        return Expect.streamFailure(expected, actual, streams);
    }
}
