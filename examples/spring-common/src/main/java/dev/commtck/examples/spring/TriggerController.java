package dev.commtck.examples.spring;

import dev.commtck.examples.common.Contract;
import dev.commtck.examples.common.EventLog;
import dev.commtck.examples.common.Invalid;
import dev.commtck.examples.common.PushHub;
import dev.commtck.examples.common.Topics;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * What causes events: the SSE trigger, a publish to a topic, a push notification. Each adapter streams them in its own
 * way (an {@code SseEmitter}, a {@code Flux}, a WebSocket session).
 */
@RestController
class TriggerController {

    private final EventLog events;
    private final Topics topics;
    private final PushHub hub;

    TriggerController(EventLog events, Topics topics, PushHub hub) {
        this.events = events;
        this.topics = topics;
        this.hub = hub;
    }

    @PostMapping(path = "/events", produces = MediaType.TEXT_PLAIN_VALUE)
    String trigger(@RequestBody(required = false) byte[] payload) throws Invalid {
        return Long.toString(events.publish(Bodies.text(payload, Contract.MAX_EVENT_BYTES)));
    }

    @PostMapping(path = "/topics/{topic}/messages", produces = MediaType.TEXT_PLAIN_VALUE)
    String publish(@PathVariable String topic, @RequestBody(required = false) byte[] message) throws Invalid {
        return Long.toString(topics.topic(topic).publish(Bodies.text(message, Contract.MAX_EVENT_BYTES)));
    }

    @PostMapping("/push/notifications")
    ResponseEntity<Void> notify(@RequestBody(required = false) byte[] body) throws Invalid {
        hub.broadcast(Bodies.text(body, Contract.MAX_EVENT_BYTES));
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }
}
