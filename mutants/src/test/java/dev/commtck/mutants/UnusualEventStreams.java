package dev.commtck.mutants;

import dev.commtck.mutants.sse.SseMutants;
import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Status;
import dev.commtck.reference.sse.EventHub;
import dev.commtck.reference.sse.EventStreamService;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A correct event stream that looks nothing like the reference's: at {@value #PATH}, a byte order mark and a comment of
 * its own first, CRLF line endings, {@code data:} without a space where none is needed, an explicit
 * {@code event: message}, unknown fields and comments between events, an event of its own (a price tick) right after
 * each one the client causes, so that ids go up by two, gzip (sync-flushed) when the client accepts it, another casing
 * of the media type, a trigger answered {@code 201} with whitespace around the id, and a heartbeat every
 * {@link #HEARTBEAT} whatever the client asks for (it does not offer the heartbeat parameter).
 */
final class UnusualEventStreams extends EventStreamService {

    static final String PATH = "/api/events";
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final byte[] OPENING = "\uFEFF: an unusual server\r\n".getBytes(StandardCharsets.UTF_8);

    private final EventHub hub;

    UnusualEventStreams() {
        this(new EventHub() {
            @Override
            protected byte[] frame(long id, String payload) {
                return unusualFrame(id, payload);
            }
        });
    }

    private UnusualEventStreams(EventHub hub) {
        super(hub, PATH);
        this.hub = hub;
    }

    /** An event as this server writes it: a comment first, CRLF, {@code event: message}, an unknown field, {@code data:}. */
    static byte[] unusualFrame(long id, String payload) {
        StringBuilder frame = new StringBuilder(": the next event\r\nevent: message\r\nid: ").append(id)
                .append("\r\nx-unknown-field: clients ignore it\r\n");
        for (String line : payload.split("\r\n|\r|\n", -1)) {
            frame.append(line.startsWith(" ") ? "data: " : "data:").append(line).append("\r\n");
        }
        return frame.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The stream's body after the byte order mark and a comment of this server's own. */
    static OutputStream opened(OutputStream out) {
        try {
            out.write(OPENING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    protected Duration heartbeat(Request req) {
        return HEARTBEAT;
    }

    @Override
    protected void streamHead(Response res) {
        res.header("Content-Type", "Text/Event-Stream;Charset=UTF-8").header("Cache-Control", "private, no-store");
    }

    @Override
    protected OutputStream streamBody(Request req, Response res) {
        return opened(SseMutants.gzipIfAccepted(req, res, () -> super.streamBody(req, res), true));
    }

    @Override
    protected void answerTrigger(Response res, long id) {
        hub.publish("price tick after event " + id);
        res.status(Status.CREATED).header("Content-Type", "text/plain").send("  " + id + "\n");
    }
}
