package dev.commtck.tck.sse;

import static dev.commtck.tck.sse.SsePaths.TRIGGER;

import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.HttpProbe;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * An event the kit caused through the trigger resource (spec/sse.md, "The trigger"): the payload it sent, the id the
 * server answered, and when it was sent. Checks that need an event use this; when the trigger does not work they
 * cannot evaluate anything (ERROR), and SSE-TRIGGER-1 says what is wrong with it.
 *
 * @param payload what the kit sent
 * @param id      the event's id, as the server answered it
 * @param sentMs  when the kit sent the trigger (the start of its latency)
 */
record Trigger(String payload, String id, long sentMs) {

    /** How many triggers {@link #sendQuietly} keeps in flight. */
    static final int IN_FLIGHT = 16;

    /** A tag that makes this run's payloads unlike any other run's. */
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** A payload of this run that says what it is for: {@code commtck 1a2b3c4d delivery 2 of 5}. */
    static String payload(String what, int i, int count) {
        return "commtck " + RUN + " " + what + " " + i + " of " + count;
    }

    /** Causes one event with this payload. */
    static Trigger send(Target target, String payload) {
        Exchange ex = target.http().send(request(target, payload));
        return of(ex, payload);
    }

    /** Causes {@code count} events one after another, each with its own {@link #payload}. */
    static List<Trigger> send(Target target, int count, String what) {
        List<Trigger> sent = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            sent.add(send(target, payload(what, i, count)));
        }
        return sent;
    }

    /**
     * Like {@link #send(Target, int, String)}, but {@value #IN_FLIGHT} at a time, and recorded in the evidence as one
     * entry instead of one each, for the hundreds a check may need (the evidence is bounded, and the entries that
     * matter come after). Their order among themselves is not known.
     */
    static List<Trigger> sendQuietly(Target target, int count, String what) {
        List<Trigger> sent = new ArrayList<>(count);
        Evidence own = new Evidence();
        long start = target.evidence().now();
        try (HttpProbe quiet = new HttpProbe(target.endpoint(), target.tolerances(), own)) {
            ArrayDeque<Map.Entry<Request, CompletableFuture<Exchange>>> inFlight = new ArrayDeque<>();
            for (int i = 1; i <= count; i++) {
                Request r = request(target, payload(what, i, count));
                inFlight.add(Map.entry(r, quiet.sendAsync(r)));
                if (inFlight.size() == IN_FLIGHT) {
                    sent.add(answered(quiet, inFlight.remove()));
                }
            }
            while (!inFlight.isEmpty()) {
                sent.add(answered(quiet, inFlight.remove()));
            }
        } finally {
            target.evidence().record(start, "sent " + sent.size() + " of " + count + " triggers (" + what + ")"
                    + "; only the last is shown", own.entries().isEmpty() ? Map.of()
                    : own.entries().get(own.entries().size() - 1).attachments());
        }
        return sent;
    }

    private static Trigger answered(HttpProbe probe, Map.Entry<Request, CompletableFuture<Exchange>> inFlight) {
        Exchange ex = probe.await(inFlight.getValue(), inFlight.getKey());
        return of(ex, ex.bodyOfRequest());
    }

    /** The trigger's request for this payload, as UTF-8 text. */
    static Request request(Target target, String payload) {
        return new Request("POST", target.path(TRIGGER), Map.of(), null)
                .body("text/plain; charset=utf-8", payload.getBytes(StandardCharsets.UTF_8));
    }

    private static Trigger of(Exchange ex, String payload) {
        String id = ex.bodyText().strip();
        if (ex.status() / 100 != 2 || !id.matches("[0-9]+")) {
            throw new EvaluationError("cannot evaluate: the trigger " + ex.request().method() + " " + ex.request().path()
                    + " was answered " + ex.status() + " " + Text.quoteBytes(ex.body()) + ", not 2xx with the event's id"
                    + " (SSE-TRIGGER-1; paths.sse.trigger configures where it is)");
        }
        return new Trigger(payload, id, ex.startMs());
    }

    /** Whether the event is the one this trigger caused: it carries the answered id. */
    boolean caused(SseEvent event) {
        return event.hasId(id);
    }

    /** The data a client must receive for this payload (SSE-PAYLOAD-1): every CRLF and CR as LF. */
    String expectedData() {
        return payload.replace("\r\n", "\n").replace('\r', '\n');
    }
}
