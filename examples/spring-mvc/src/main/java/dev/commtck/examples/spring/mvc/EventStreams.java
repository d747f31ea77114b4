package dev.commtck.examples.spring.mvc;

import dev.commtck.examples.common.EventLog;
import dev.commtck.examples.common.Outbox;
import dev.commtck.examples.common.SseEvent;
import dev.commtck.examples.common.Workarounds;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * An event stream on an {@link SseEmitter}, for the SSE pattern and for each topic. {@code SseEmitter.send} writes
 * with the Servlet API's blocking writes, so each stream has an {@link Outbox} in front of it: one client that does not
 * read holds up no other, and is cut off when it falls {@value #BACKLOG} events behind.
 */
@Component
class EventStreams {

    static final int BACKLOG = 1024;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("heartbeats").factory());

    ResponseEntity<SseEmitter> open(EventLog log, String lastEventId, String heartbeat) {
        // the stream's lifetime is the client's: spring.mvc.async.request-timeout=-1 lifts the container's 30 s
        SseEmitter emitter = new SseEmitter();
        Outbox<SseEvent> outbox = new Outbox<>(BACKLOG, event -> emitter.send(frame(event)), emitter::complete);
        EventLog.Subscriber subscriber = outbox::offer;
        if (Workarounds.on()) {
            // Spring MVC 7.0 sends the header section with the first event only (Spring 5 sent it when the handler
            // returned), so a client of a quiet stream waits for its head: a comment first sends it at once.
            outbox.offer(SseEvent.comment("stream open"));
        }
        long every = EventLog.heartbeat(heartbeat).toMillis();
        ScheduledFuture<?> beats = heartbeats.scheduleAtFixedRate(() -> outbox.offer(SseEvent.comment("heartbeat")), every, every,
                TimeUnit.MILLISECONDS);
        Runnable end = () -> {
            log.unsubscribe(subscriber);
            outbox.close();
            beats.cancel(false);
        };
        emitter.onCompletion(end);
        emitter.onError(error -> end.run());
        emitter.onTimeout(end);
        log.subscribe(lastEventId, subscriber);
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(emitter);
    }

    private static SseEmitter.SseEventBuilder frame(SseEvent event) {
        SseEmitter.SseEventBuilder frame = SseEmitter.event();
        if (event.isComment()) {
            return frame.comment(event.comment());
        }
        if (event.id() != null) {
            frame.id(event.id());
        }
        if (event.name() != null) {
            frame.name(event.name());
        }
        return frame.data(event.data());
    }
}
