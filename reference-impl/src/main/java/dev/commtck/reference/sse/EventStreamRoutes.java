package dev.commtck.reference.sse;

import dev.commtck.reference.http.HttpError;
import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.http.Service;
import dev.commtck.reference.http.Status;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Event streams and the trigger that feeds them (spec/sse.md): a {@code GET} of the stream path opens an unending event
 * stream, a {@code POST} of the trigger path sends an event with the request body as payload to every open stream of
 * its hub and answers the event's id. Subclasses say which {@link Hub} a request concerns: the one hub of
 * {@code /events} ({@link EventStreamService}), or the hub of the topic a publish/subscribe path names.
 *
 * <p>A stream is its connection and its {@link Outbox}, to which the hub writes each event, whole, as it is published:
 * no thread waits for a stream's events. Each event is flushed at once; an idle stream gets a comment every heartbeat interval (15 s, or what the client
 * asks for with {@code ?heartbeat=<ms>}, 100 to 60,000); {@code Last-Event-ID} resumes from the hub's history. Event
 * streams are never compressed: the spec allows it, and a compressor per stream would cost each stream hundreds of
 * kilobytes.
 *
 * <p>The protected methods are the seams through which the kit's mutants (module {@code mutants}) break one rule each,
 * and its self-tests build correct servers unlike this one.
 */
public abstract class EventStreamRoutes implements Service {

    /** The longest payload a trigger may carry. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final String HEARTBEAT_PARAMETER = "heartbeat";
    private static final int MIN_HEARTBEAT_MS = 100;
    private static final int MAX_HEARTBEAT_MS = 60_000;

    private final String streamPath;
    private final String triggerPath;

    /**
     * @param streamPath  where {@code GET} opens a stream (a path pattern such as {@code /topics/{topic}/events})
     * @param triggerPath where {@code POST} sends an event; it may be the stream path
     */
    protected EventStreamRoutes(String streamPath, String triggerPath) {
        this.streamPath = streamPath;
        this.triggerPath = triggerPath;
    }

    @Override
    public void routing(Routes routes) {
        routes.get(streamPath, this::stream).post(triggerPath, this::trigger);
        if (streamPath.equals(triggerPath)) {
            routes.allowOnly(streamPath, "GET", "POST");
        } else {
            routes.allowOnly(streamPath, "GET");
            routes.allowOnly(triggerPath, "POST");
        }
    }

    /** Opens the stream: its head, then what it starts with; from then on the hub writes to it until it ends. */
    private void stream(Request req, Response res) {
        Duration heartbeat = heartbeat(req);
        Optional<String> lastEventId = resumePoint(req);
        EventHub.Subscription s = subscribe(req, lastEventId);
        OutputStream out;
        try {
            streamHead(res);
            out = streamBody(req, res);
        } catch (RuntimeException e) {
            release(req, s);
            throw e;
        }
        res.onClose(() -> release(req, s));
        s.outbox().begin(out, res.stream(), s.start(), heartbeat);
    }

    private void trigger(Request req, Response res) {
        answerTrigger(res, publish(req, payload(req)));
    }

    /** Who the client is, for the log. */
    protected static String client(Request req) {
        return req.client();
    }

    // ---- what a request concerns

    /** Opens the stream the request asks for, after {@code lastEventId} if present, in its hub. */
    protected abstract EventHub.Subscription subscribe(Request req, Optional<String> lastEventId);

    /** The stream has ended: its place in the hub is given up. */
    protected void release(Request req, EventHub.Subscription s) {
        s.close();
    }

    /** Sends an event with this payload to the streams of the request's hub; returns its id. */
    protected abstract long publish(Request req, String payload);

    // ---- seams for the kit's mutants

    /**
     * The trigger's payload: the whole body, decoded as UTF-8 once it has all arrived. A body longer than
     * {@link #MAX_PAYLOAD_BYTES} is answered {@code 413}, one that is not UTF-8 {@code 400}.
     */
    protected String payload(Request req) {
        byte[] body = req.body();
        if (body.length > MAX_PAYLOAD_BYTES) {
            throw new HttpError(Status.PAYLOAD_TOO_LARGE, "a payload has at most " + MAX_PAYLOAD_BYTES + " bytes");
        }
        return utf8(body);
    }

    /** The body as UTF-8 text; a body that is not UTF-8 is answered {@code 400}. */
    public static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("the payload is not UTF-8 text");
        }
    }

    /** The stream's heartbeat interval: what the client asks for with {@code ?heartbeat=<ms>}, 15 s otherwise. */
    protected Duration heartbeat(Request req) {
        Optional<String> asked = req.query(HEARTBEAT_PARAMETER);
        if (asked.isEmpty()) {
            return DEFAULT_HEARTBEAT;
        }
        String ms = asked.get();
        if (!ms.matches("[0-9]{1,9}") || Integer.parseInt(ms) < MIN_HEARTBEAT_MS || Integer.parseInt(ms) > MAX_HEARTBEAT_MS) {
            throw HttpError.badRequest("heartbeat is a number of milliseconds from " + MIN_HEARTBEAT_MS + " to "
                    + MAX_HEARTBEAT_MS);
        }
        return Duration.ofMillis(Integer.parseInt(ms));
    }

    /** Where the stream resumes: after the request's {@code Last-Event-ID}, if it has a non-empty one. */
    protected Optional<String> resumePoint(Request req) {
        return req.header(LAST_EVENT_ID).filter(v -> !v.isEmpty());
    }

    /** The stream's header section. */
    protected void streamHead(Response res) {
        res.header("Content-Type", "text/event-stream; charset=utf-8")
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no"); // tells nginx, if one is in front, not to buffer the stream
    }

    /** What the stream's frames are written to and flushed through: the response's body, sent at each flush. */
    protected OutputStream streamBody(Request req, Response res) {
        return new StreamOutput(res.stream());
    }

    /** The trigger's answer: {@code 200 text/plain} with the event's id. */
    protected void answerTrigger(Response res, long id) {
        res.header("Content-Type", "text/plain; charset=UTF-8").send(String.valueOf(id));
    }
}
