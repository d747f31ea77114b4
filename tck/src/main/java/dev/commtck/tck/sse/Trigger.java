package dev.commtck.tck.sse;

import static dev.commtck.tck.sse.SsePaths.TRIGGER;

import dev.commtck.tck.support.ConformanceFailure;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.HttpProbe;
import dev.commtck.tck.support.RawConnection;
import dev.commtck.tck.support.RawResponse;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final String PREFIX = "commtck " + RUN + " ";

    /** A payload of this run that says what it is for: {@code commtck 1a2b3c4d delivery 2 of 5}. */
    static String payload(String what, int i, int count) {
        return PREFIX + what + " " + i + " of " + count;
    }

    /** Whether the event carries a {@link #payload} of this run. */
    static boolean ofThisRun(SseEvent event) {
        return event.data().startsWith(PREFIX);
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
     * Causes one event with this payload, its body sent in pieces over a connection of its own: the header section
     * with the bytes before the first of {@code cuts} (offsets into the payload's UTF-8), then each next piece as a TCP
     * write of its own after a pause of 'quiet', as a slow network delivers it. The trigger counts as sent when its
     * last piece was. Unlike a trigger sent whole, one that is not answered {@code 2xx} with an id fails: the server
     * takes whole what it refuses in pieces (SSE-PAYLOAD-1).
     */
    static Trigger sendInPieces(Target target, String payload, int... cuts) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        String path = target.path(TRIGGER);
        RawConnection c = target.raw();
        byte[] head = c.requestHead("POST", path, "Content-Type: text/plain; charset=utf-8", "Content-Length: " + body.length)
                .getBytes(StandardCharsets.ISO_8859_1);
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : body.length;
            byte[] piece = Arrays.copyOfRange(body, from, to);
            if (i == 0) {
                c.send("POST " + path + " with the first " + to + " bytes of its body", concat(head, piece));
            } else {
                c.watch(target.tolerances().quiet()); // the pause between two TCP writes
                c.send("bytes " + from + " to " + (to - 1) + " of the body", piece);
            }
            from = to;
        }
        long sentMs = target.evidence().now();
        RawResponse r = c.readResponse(false);
        if (r.status() / 100 != 2 || !r.bodyText().strip().matches("[0-9]+")) {
            throw new ConformanceFailure("the trigger whose body came in pieces answered 2xx with the event's id, as a"
                    + " trigger sent whole is", "it was answered " + r.summary(), "");
        }
        return answered("POST " + path, r.status(), r.body(), payload, sentMs);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /**
     * Like {@link #send(Target, int, String)}, but {@value #IN_FLIGHT} at a time, and recorded in the evidence as one
     * entry instead of one each, for the hundreds a check may need (the evidence is bounded, and the entries that
     * matter come after). Their order among themselves is not known.
     */
    static List<Trigger> sendQuietly(Target target, int count, String what) {
        List<Trigger> sent = new ArrayList<>(count);
        long start = target.evidence().now();
        Evidence own = new Evidence(); // its times count from start
        try (HttpProbe quiet = new HttpProbe(target.endpoint(), target.tolerances(), own)) {
            ArrayDeque<Map.Entry<Request, CompletableFuture<Exchange>>> inFlight = new ArrayDeque<>();
            for (int i = 1; i <= count; i++) {
                Request r = request(target, payload(what, i, count));
                inFlight.add(Map.entry(r, quiet.sendAsync(r)));
                if (inFlight.size() == IN_FLIGHT) {
                    sent.add(answered(quiet, inFlight.remove(), start));
                }
            }
            while (!inFlight.isEmpty()) {
                sent.add(answered(quiet, inFlight.remove(), start));
            }
        } finally {
            target.evidence().record(start, "sent " + sent.size() + " of " + count + " triggers (" + what + ")"
                    + "; only the last is shown", own.entries().isEmpty() ? Map.of()
                    : own.entries().get(own.entries().size() - 1).attachments());
        }
        return sent;
    }

    /** The trigger an exchange of a probe whose times count from {@code startMs} of the test caused. */
    private static Trigger answered(HttpProbe probe, Map.Entry<Request, CompletableFuture<Exchange>> inFlight, long startMs) {
        Exchange ex = probe.await(inFlight.getValue(), inFlight.getKey());
        return answered(ex.request().method() + " " + ex.request().path(), ex.status(), ex.body(), ex.bodyOfRequest(),
                startMs + ex.startMs());
    }

    /** The trigger's request for this payload, as UTF-8 text. */
    static Request request(Target target, String payload) {
        return request(target, "text/plain; charset=utf-8", payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The trigger's request for a body of any bytes, with this {@code Content-Type} or, when it is null, none. */
    static Request request(Target target, String contentType, byte[] body) {
        Request r = new Request("POST", target.path(TRIGGER), Map.of(), body);
        return contentType == null ? r : r.body(contentType, body);
    }

    private static Trigger of(Exchange ex, String payload) {
        return answered(ex.request().method() + " " + ex.request().path(), ex.status(), ex.body(), payload, ex.startMs());
    }

    private static Trigger answered(String request, int status, byte[] body, String payload, long sentMs) {
        String id = Text.utf8(body).strip();
        if (status / 100 != 2 || !id.matches("[0-9]+")) {
            throw new EvaluationError("cannot evaluate: the trigger " + request + " was answered " + status + " "
                    + Text.quoteBytes(body) + ", not 2xx with the event's id (SSE-TRIGGER-1; paths.sse.trigger configures"
                    + " where it is)");
        }
        return new Trigger(payload, id, sentMs);
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
