package dev.commtck.examples.spring;

import dev.commtck.examples.common.Invalid;
import dev.commtck.examples.common.Queues;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The message queue: a receive that waits is a {@link CompletableFuture} return value, as a wait on a job is. */
@RestController
class QueueController {

    private final Queues queues;

    QueueController(Queues queues) {
        this.queues = queues;
    }

    @PostMapping("/queues/{name}/messages")
    ResponseEntity<Map<String, String>> send(@PathVariable String name, @RequestBody(required = false) byte[] body)
            throws Invalid {
        Queues.MessageQueue queue = queues.queue(name);
        String text = Bodies.text(body, Queues.MAX_BODY_BYTES);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", queue.send(text)));
    }

    @PostMapping("/queues/{name}/receive")
    CompletableFuture<Map<String, List<Queues.Delivery>>> receive(@PathVariable String name,
            @RequestParam(required = false) String max, @RequestParam(required = false) String visibilityMs,
            @RequestParam(required = false) String waitMs) throws Invalid {
        return queues.queue(name).receive(Queues.Receive.of(max, visibilityMs, waitMs))
                .thenApply(messages -> Map.of("messages", messages));
    }

    @DeleteMapping("/queues/{name}/receipts/{receipt}")
    ResponseEntity<Void> acknowledge(@PathVariable String name, @PathVariable String receipt) throws Invalid {
        return ResponseEntity.status(switch (queues.queue(name).acknowledge(receipt)) {
            case DELETED -> HttpStatus.NO_CONTENT;
            case STALE -> HttpStatus.CONFLICT;
            case UNKNOWN -> HttpStatus.NOT_FOUND;
        }).build();
    }
}
