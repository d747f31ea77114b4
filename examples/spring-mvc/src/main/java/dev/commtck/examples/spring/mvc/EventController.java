package dev.commtck.examples.spring.mvc;

import dev.commtck.examples.common.EventLog;
import dev.commtck.examples.common.Invalid;
import dev.commtck.examples.common.Topics;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The event streams of Server-Sent Events and of each publish/subscribe topic. */
@RestController
class EventController {

    private final EventStreams streams;
    private final EventLog events;
    private final Topics topics;

    EventController(EventStreams streams, EventLog events, Topics topics) {
        this.streams = streams;
        this.events = events;
        this.topics = topics;
    }

    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> events(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) String heartbeat) {
        return streams.open(events, lastEventId, heartbeat);
    }

    @GetMapping(path = "/topics/{topic}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> subscribe(@PathVariable String topic,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) String heartbeat) throws Invalid {
        return streams.open(topics.topic(topic), lastEventId, heartbeat);
    }
}
