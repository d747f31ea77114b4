package dev.commtck.examples.vertx;

import dev.commtck.examples.common.EventLog;
import dev.commtck.examples.common.SseEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * Event streams on Vert.x, which has no Server-Sent Events support of its own: the response is chunked, its head is
 * written at once, and each event is written in the event-stream format (WHATWG HTML §9.2.5) by {@link #frame}. A
 * client whose write queue fills ({@value #BACKLOG_BYTES} bytes not yet taken) is cut off: its connection is closed
 * rather than an event skipped.
 */
final class EventStreams {

    private static final int BACKLOG_BYTES = 4 << 20;
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");
    private final Vertx vertx;

    EventStreams(Vertx vertx) {
        this.vertx = vertx;
    }

    void open(RoutingContext ctx, EventLog log) {
        HttpServerResponse response = ctx.response().setChunked(true).setWriteQueueMaxSize(BACKLOG_BYTES)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8").putHeader("Cache-Control", "no-cache");
        response.writeHead();
        EventLog.Subscriber subscriber = event -> {
            if (response.closed() || response.writeQueueFull()) {
                ctx.request().connection().close();
                return false;
            }
            response.write(frame(event));
            return true;
        };
        long every = EventLog.heartbeat(ctx.queryParams().get("heartbeat")).toMillis();
        long beats = vertx.setPeriodic(every, id -> subscriber.offer(SseEvent.comment("heartbeat")));
        response.closeHandler(closed -> {
            log.unsubscribe(subscriber);
            vertx.cancelTimer(beats);
        });
        log.subscribe(ctx.request().getHeader("Last-Event-ID"), subscriber);
    }

    /** One event: a comment line, or its id, name and one data line per line of its data, then a blank line. */
    static String frame(SseEvent event) {
        if (event.isComment()) {
            return ": " + event.comment() + "\n\n";
        }
        StringBuilder frame = new StringBuilder();
        if (event.id() != null) {
            frame.append("id: ").append(event.id()).append('\n');
        }
        if (event.name() != null) {
            frame.append("event: ").append(event.name()).append('\n');
        }
        for (String line : LINE_BREAK.split(event.data(), -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        return frame.append('\n').toString();
    }
}
