package dev.commtck.mutants;

import dev.commtck.mutants.sse.SseMutants;
import dev.commtck.reference.sse.EventHub;
import dev.commtck.reference.sse.EventStreamService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A correct event stream that looks nothing like the reference's, mounted under {@code /api}: a byte order mark, CRLF line endings, {@code data:}
 * without a space where none is needed, an explicit {@code event: message}, unknown fields and comments, a price tick of
 * its own every 100 ms, gzip (sync-flushed) when the client accepts it, another casing of the media type, and a trigger
 * answered {@code 201} with whitespace around the id.
 */
final class UnusualEventStreams extends EventStreamService implements AutoCloseable {

    static final long TICK_MS = 100;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    UnusualEventStreams() {
        this(new EventHub() {
            @Override
            protected byte[] frame(long id, String payload) {
                StringBuilder frame = new StringBuilder(": the next event\r\nevent: message\r\nid: ").append(id)
                        .append("\r\nx-unknown-field: clients ignore it\r\n");
                for (String line : payload.split("\r\n|\r|\n", -1)) {
                    frame.append(line.startsWith(" ") ? "data: " : "data:").append(line).append("\r\n");
                }
                return frame.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
            }
        });
    }

    private UnusualEventStreams(EventHub hub) {
        super(hub);
        AtomicLong ticks = new AtomicLong();
        ticker.scheduleAtFixedRate(() -> hub.publish("price tick " + ticks.incrementAndGet()), TICK_MS, TICK_MS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected void streamHead(ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "Text/Event-Stream;Charset=UTF-8").header(HeaderNames.CACHE_CONTROL, "private, no-store");
    }

    @Override
    protected OutputStream streamBody(ServerRequest req, ServerResponse res) {
        OutputStream out = SseMutants.gzipIfAccepted(req, res, () -> super.streamBody(req, res), true);
        try {
            out.write(BOM);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    protected void answerTrigger(ServerResponse res, long id) {
        res.status(Status.CREATED_201).header(HeaderNames.CONTENT_TYPE, "text/plain").send("  " + id + "\n");
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
