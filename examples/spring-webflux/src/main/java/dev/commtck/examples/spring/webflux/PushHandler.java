package dev.commtck.examples.spring.webflux;

import dev.commtck.examples.common.PushHub;
import dev.commtck.examples.spring.PushMessages;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import tools.jackson.databind.json.JsonMapper;

/**
 * Push as a {@link WebSocketHandler}: each session's outbound is a sink with a bounded buffer (ticks, notifications,
 * pongs) merged with a keep-alive Ping; a client {@value #BACKLOG} messages behind is closed with 1013 (Try Again
 * Later) rather than skipped.
 */
@Component
class PushHandler implements WebSocketHandler {

    private static final int BACKLOG = 4096;
    private final PushHub hub;
    private final JsonMapper json;

    PushHandler(PushHub hub, JsonMapper json) {
        this.hub = hub;
        this.json = json;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        Sinks.Many<String> texts = Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(BACKLOG).get());
        // the hub's ticks and notifications and this session's pongs come from different threads: one at a time
        Predicate<String> client = text -> {
            synchronized (texts) {
                if (texts.tryEmitNext(text).isSuccess()) {
                    return true;
                }
            }
            session.close(CloseStatus.SERVICE_OVERLOAD).subscribe();
            return false;
        };
        Flux<WebSocketMessage> pings = Flux.interval(PushHub.KEEPALIVE, PushHub.KEEPALIVE)
                .map(tick -> session.pingMessage(buffers -> buffers.allocateBuffer(0)));
        Mono<Void> answers = session.receive()
                .doOnNext(message -> {
                    switch (message.getType()) {
                        case TEXT -> client.test(PushMessages.answer(json, message.getPayloadAsText()));
                        case BINARY -> client.test(PushMessages.refusal(json));
                        default -> { } // Ping and Pong frames: Reactor Netty answers Pings itself
                    }
                })
                .then();
        hub.connect(client);
        return session.send(Flux.merge(texts.asFlux().map(session::textMessage), pings))
                .and(answers)
                .doFinally(signal -> hub.disconnect(client));
    }
}
