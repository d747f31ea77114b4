package dev.commtck.examples.spring.webflux;

import dev.commtck.examples.common.EventLog;
import dev.commtck.examples.common.Invalid;
import dev.commtck.examples.common.SseEvent;
import dev.commtck.examples.common.Topics;
import dev.commtck.examples.common.Workarounds;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The event streams of Server-Sent Events and of each topic, as {@code Flux<ServerSentEvent>}. Each stream has a sink
 * of its own with a bounded buffer: Reactor Netty writes at the client's pace, and a client {@value #BACKLOG} events
 * behind is cut off (its stream ends) rather than skipped.
 */
@RestController
class EventController {

    static final int BACKLOG = 1024;
    private final EventLog events;
    private final Topics topics;

    EventController(EventLog events, Topics topics) {
        this.events = events;
        this.topics = topics;
    }

    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<Flux<ServerSentEvent<String>>> events(
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) String heartbeat) {
        return stream(events, lastEventId, heartbeat);
    }

    @GetMapping(path = "/topics/{topic}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<Flux<ServerSentEvent<String>>> subscribe(@PathVariable String topic,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) String heartbeat) throws Invalid {
        return stream(topics.topic(topic), lastEventId, heartbeat);
    }

    private static ResponseEntity<Flux<ServerSentEvent<String>>> stream(EventLog log, String lastEventId,
            String heartbeat) {
        Sinks.Many<SseEvent> sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<SseEvent>get(BACKLOG).get());
        Sinks.Empty<Void> cutOff = Sinks.empty();
        EventLog.Subscriber subscriber = event -> {
            if (sink.tryEmitNext(event).isSuccess()) {
                return true;
            }
            cutOff.tryEmitEmpty(); // too far behind, or gone: end the stream rather than skip
            return false;
        };
        if (Workarounds.on()) {
            // WebFlux sends the header section with the first element of the Flux, so a client of a quiet stream
            // waits for its head: a comment first sends it at once.
            sink.tryEmitNext(SseEvent.comment("stream open"));
        }
        log.subscribe(lastEventId, subscriber);
        Duration every = EventLog.heartbeat(heartbeat);
        Flux<SseEvent> beats = Flux.interval(every, every).map(tick -> SseEvent.comment("heartbeat"));
        Flux<ServerSentEvent<String>> stream = Flux.merge(sink.asFlux(), beats).map(EventController::frame)
                .takeUntilOther(cutOff.asMono())
                .doFinally(signal -> log.unsubscribe(subscriber));
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(stream);
    }

    private static ServerSentEvent<String> frame(SseEvent event) {
        ServerSentEvent.Builder<String> frame = ServerSentEvent.builder();
        if (event.isComment()) {
            return frame.comment(event.comment()).build();
        }
        if (event.id() != null) {
            frame.id(event.id());
        }
        if (event.name() != null) {
            frame.event(event.name());
        }
        return frame.data(event.data()).build();
    }
}
