package dev.commtck.examples.spring.mvc;

import dev.commtck.examples.common.Outbox;
import dev.commtck.examples.common.PushHub;
import dev.commtck.examples.spring.PushMessages;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Push over Spring WebSocket (Tomcat's JSR 356 container underneath). A session's sends block and may not overlap, so
 * each session has an {@link Outbox}: ticks, notifications, pongs and keep-alive Pings all go through it, in order.
 */
@Configuration
@EnableWebSocket
class PushHandler extends TextWebSocketHandler implements WebSocketConfigurer {

    private static final int BACKLOG = 4096;
    private final PushHub hub;
    private final JsonMapper json;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("keepalive").factory());

    private record Client(Outbox<WebSocketMessage<?>> outbox, Predicate<String> texts, ScheduledFuture<?> pings) {
    }

    PushHandler(PushHub hub, JsonMapper json) {
        this.hub = hub;
        this.json = json;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(this, "/push");
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        // a client too far behind is closed with 1013 (Try Again Later) rather than skipped
        Outbox<WebSocketMessage<?>> outbox = new Outbox<>(BACKLOG, session::sendMessage,
                () -> close(session, CloseStatus.SERVICE_OVERLOAD));
        long every = PushHub.KEEPALIVE.toMillis();
        Client client = new Client(outbox, text -> outbox.offer(new TextMessage(text)),
                keepAlive.scheduleAtFixedRate(() -> outbox.offer(new PingMessage()), every, every, TimeUnit.MILLISECONDS));
        clients.put(session.getId(), client);
        hub.connect(client.texts);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Client client = clients.get(session.getId());
        if (client != null) {
            client.texts.test(PushMessages.answer(json, message.getPayload()));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Client client = clients.remove(session.getId());
        if (client != null) {
            hub.disconnect(client.texts);
            client.pings.cancel(false);
            client.outbox.close();
        }
    }

    private static void close(WebSocketSession session, CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException alreadyGone) {
            // nothing left to close
        }
    }
}
