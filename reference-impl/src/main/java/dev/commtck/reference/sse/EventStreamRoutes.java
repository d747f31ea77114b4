package dev.commtck.reference.sse;

import dev.commtck.reference.RequestBodies;
import io.helidon.http.BadRequestException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * <p>Each stream is written by its connection's own virtual thread, which parks on the stream's {@link Outbox} between
 * events: a stream costs no platform thread, a parked virtual thread and its connection's buffers. Each event is
 * written whole and flushed at once; an idle stream gets a comment every heartbeat interval (15 s, or what the client
 * asks for with {@code ?heartbeat=<ms>}, 100 to 60,000); {@code Last-Event-ID} resumes from the hub's history. Event
 * streams are never compressed: the spec allows it, and a compressor per stream would cost each stream hundreds of
 * kilobytes.
 *
 * <p>The protected methods are the seams through which the kit's mutants (module {@code mutants}) break one rule each,
 * and its self-tests build correct servers unlike this one.
 */
public abstract class EventStreamRoutes implements HttpService {

    /** The longest payload a trigger may carry. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    private static final HeaderName X_ACCEL_BUFFERING = HeaderNames.create("X-Accel-Buffering");
    private static final String HEARTBEAT_PARAMETER = "heartbeat";
    private static final int MIN_HEARTBEAT_MS = 100;
    private static final int MAX_HEARTBEAT_MS = 60_000;

    private final String streamPath;
    private final String triggerPath;

    /**
     * @param streamPath  where {@code GET} opens a stream (a Helidon path pattern such as {@code /topics/{topic}/events})
     * @param triggerPath where {@code POST} sends an event; it may be the stream path
     */
    protected EventStreamRoutes(String streamPath, String triggerPath) {
        this.streamPath = streamPath;
        this.triggerPath = triggerPath;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(streamPath, this::stream).post(triggerPath, this::trigger);
        if (streamPath.equals(triggerPath)) {
            refuseOtherMethods(rules, streamPath, Method.GET, Method.POST);
        } else {
            refuseOtherMethods(rules, streamPath, Method.GET);
            refuseOtherMethods(rules, triggerPath, Method.POST);
        }
    }

    private static void refuseOtherMethods(HttpRules rules, String path, Method... allowed) {
        List<Method> methods = List.of(allowed);
        String allow = String.join(", ", methods.stream().map(Method::text).toList());
        rules.route(m -> !methods.contains(m), PathMatchers.create(path),
                (req, res) -> res.status(Status.METHOD_NOT_ALLOWED_405).header(HeaderNames.ALLOW, allow).send());
    }

    private void stream(ServerRequest req, ServerResponse res) {
        Duration heartbeat = heartbeat(req);
        Optional<String> lastEventId = resumePoint(req);
        EventHub.Subscription s = subscribe(req, lastEventId);
        try {
            streamHead(res);
            try (OutputStream out = streamBody(req, res)) {
                out.write(EventFrames.OPENING);
                for (byte[] frame : s.start()) {
                    out.write(frame);
                }
                out.flush();
                s.outbox().heartbeatEvery(heartbeat);
                for (List<byte[]> frames = s.outbox().next(); frames != null; frames = s.outbox().next()) {
                    for (byte[] frame : frames) {
                        out.write(frame);
                    }
                    out.flush();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the client has gone, or was cut off as a slow reader: the stream ends here
        } finally {
            release(req, s);
        }
    }

    private void trigger(ServerRequest req, ServerResponse res) {
        answerTrigger(res, publish(req, payload(req)));
    }

    /** Who the client is, for the log. */
    protected static String client(ServerRequest req) {
        return req.remotePeer().address().toString();
    }

    // ---- what a request concerns

    /** Opens the stream the request asks for, after {@code lastEventId} if present, in its hub. */
    protected abstract EventHub.Subscription subscribe(ServerRequest req, Optional<String> lastEventId);

    /** The stream has ended: its place in the hub is given up. */
    protected void release(ServerRequest req, EventHub.Subscription s) {
        s.close();
    }

    /** Sends an event with this payload to the streams of the request's hub; returns its id. */
    protected abstract long publish(ServerRequest req, String payload);

    // ---- seams for the kit's mutants

    /**
     * The trigger's payload: the whole body, decoded as UTF-8 once it has all arrived. A body longer than
     * {@link #MAX_PAYLOAD_BYTES} is answered {@code 413}, one that is not UTF-8 {@code 400}.
     */
    protected String payload(ServerRequest req) {
        byte[] body = RequestBodies.read(req);
        if (body.length > MAX_PAYLOAD_BYTES) {
            throw new HttpException("a payload has at most " + MAX_PAYLOAD_BYTES + " bytes",
                    Status.REQUEST_ENTITY_TOO_LARGE_413, true);
        }
        return utf8(body);
    }

    /** The body as UTF-8 text; a body that is not UTF-8 is answered {@code 400}. */
    public static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("the payload is not UTF-8 text");
        }
    }

    /** The stream's heartbeat interval: what the client asks for with {@code ?heartbeat=<ms>}, 15 s otherwise. */
    protected Duration heartbeat(ServerRequest req) {
        Optional<String> asked = req.query().first(HEARTBEAT_PARAMETER).asOptional();
        if (asked.isEmpty()) {
            return DEFAULT_HEARTBEAT;
        }
        String ms = asked.get();
        if (!ms.matches("[0-9]{1,9}") || Integer.parseInt(ms) < MIN_HEARTBEAT_MS || Integer.parseInt(ms) > MAX_HEARTBEAT_MS) {
            throw new BadRequestException("heartbeat is a number of milliseconds from " + MIN_HEARTBEAT_MS + " to "
                    + MAX_HEARTBEAT_MS);
        }
        return Duration.ofMillis(Integer.parseInt(ms));
    }

    /** Where the stream resumes: after the request's {@code Last-Event-ID}, if it has a non-empty one. */
    protected Optional<String> resumePoint(ServerRequest req) {
        return req.headers().first(LAST_EVENT_ID).filter(v -> !v.isEmpty());
    }

    /** The stream's header section. */
    protected void streamHead(ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .header(HeaderNames.CACHE_CONTROL, "no-cache")
                .header(X_ACCEL_BUFFERING, "no"); // tells nginx, if one is in front, not to buffer the stream
    }

    /** What the stream's frames are written to and flushed through: the response itself. */
    protected OutputStream streamBody(ServerRequest req, ServerResponse res) {
        return res.outputStream();
    }

    /** The trigger's answer: {@code 200 text/plain} with the event's id. */
    protected void answerTrigger(ServerResponse res, long id) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8").send(String.valueOf(id));
    }
}
