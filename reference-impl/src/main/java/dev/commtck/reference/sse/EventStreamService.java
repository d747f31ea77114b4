package dev.commtck.reference.sse;

import dev.commtck.reference.RequestBodies;
import io.helidon.http.BadRequestException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
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
 * Server-Sent Events (spec/sse.md): {@code GET /events} opens an unending event stream, {@code POST /events} sends an
 * event with the request body as payload to every open stream and answers its id.
 *
 * <p>Each stream is written by its connection's own virtual thread, which parks on the stream's {@link Outbox} between
 * events: a stream costs no platform thread, a parked virtual thread and its connection's buffers. Each event is
 * written whole and flushed at once; an idle stream gets a comment every heartbeat interval (15 s, or what the client
 * asks for with {@code ?heartbeat=<ms>}, 100 to 60,000); {@code Last-Event-ID} resumes from the {@link EventHub}'s
 * history. Event streams are never compressed: the spec allows it, and a compressor per stream would cost each
 * stream hundreds of kilobytes.
 *
 * <p>The protected methods are the seams through which the kit's mutants (module {@code mutants}) break one rule each,
 * and its self-tests build correct servers unlike this one.
 */
public class EventStreamService implements HttpService {

    public static final String PATH = "/events";
    /** The longest payload a trigger may carry. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    private static final HeaderName X_ACCEL_BUFFERING = HeaderNames.create("X-Accel-Buffering");
    private static final String HEARTBEAT_PARAMETER = "heartbeat";
    private static final int MIN_HEARTBEAT_MS = 100;
    private static final int MAX_HEARTBEAT_MS = 60_000;

    private final EventHub hub;

    public EventStreamService() {
        this(new EventHub());
    }

    public EventStreamService(EventHub hub) {
        this.hub = hub;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::stream)
                .post(PATH, this::trigger)
                .route(m -> !m.equals(Method.GET) && !m.equals(Method.POST), PathMatchers.exact(PATH),
                        (req, res) -> res.status(Status.METHOD_NOT_ALLOWED_405).header(HeaderNames.ALLOW, "GET, POST").send());
    }

    private void stream(ServerRequest req, ServerResponse res) {
        Duration heartbeat = heartbeat(req);
        Optional<String> lastEventId = resumePoint(req);
        streamHead(res);
        EventHub.Subscription s = hub.subscribe(lastEventId, req.remotePeer().address().toString(), heartbeat);
        try (OutputStream out = streamBody(req, res)) {
            out.write(EventFrames.OPENING);
            for (byte[] frame : s.start()) {
                out.write(frame);
            }
            out.flush();
            for (List<byte[]> frames = s.outbox().next(); frames != null; frames = s.outbox().next()) {
                for (byte[] frame : frames) {
                    out.write(frame);
                }
                out.flush();
            }
        } catch (IOException | UncheckedIOException e) {
            // the client has gone, or was cut off as a slow reader: the stream ends here
        } finally {
            hub.unsubscribe(s);
        }
    }

    private void trigger(ServerRequest req, ServerResponse res) {
        byte[] body = RequestBodies.read(req);
        if (body.length > MAX_PAYLOAD_BYTES) {
            res.status(Status.REQUEST_ENTITY_TOO_LARGE_413).send("a payload has at most " + MAX_PAYLOAD_BYTES + " bytes");
            return;
        }
        String payload;
        try {
            payload = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("the payload is not UTF-8 text");
        }
        answerTrigger(res, hub.publish(payload));
    }

    // ---- seams for the kit's mutants

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
