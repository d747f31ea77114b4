package dev.commtck.examples.javalin;

import dev.commtck.examples.common.PushHub;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;
import io.javalin.websocket.WsContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Push on Javalin's WebSocket handler (Jetty's WebSocket underneath), with Javalin's automatic Pings once per keep-alive.
 * Jetty queues what a session sends without bound, so a client that does not read is never cut off.
 */
final class PushSocket {

    private final PushHub hub;
    private final JavalinJackson json;
    private final Map<String, Predicate<String>> clients = new ConcurrentHashMap<>();

    PushSocket(PushHub hub, JavalinJackson json) {
        this.hub = hub;
        this.json = json;
    }

    void routes(RoutesConfig routes) {
        routes.ws("/push", ws -> {
            ws.onConnect(ctx -> {
                ctx.enableAutomaticPings(PushHub.KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS);
                Predicate<String> client = text -> send(ctx, text);
                clients.put(ctx.sessionId(), client);
                hub.connect(client);
            });
            ws.onMessage(ctx -> send(ctx, answer(ctx.message())));
            ws.onBinaryMessage(ctx -> send(ctx, error()));
            ws.onClose(ctx -> hub.disconnect(clients.remove(ctx.sessionId())));
        });
    }

    /** The hub's ticks and notifications and this session's answers come from different threads: one at a time. */
    private static boolean send(WsContext ctx, String text) {
        synchronized (ctx) {
            if (!ctx.session.isOpen()) {
                return false;
            }
            ctx.send(text);
            return true;
        }
    }

    /** {@code {"type":"pong"}} (with the ping's id) for a ping, {@code {"type":"error"}} for anything else. */
    private String answer(String text) {
        try {
            if (json.fromJsonString(text, Object.class) instanceof Map<?, ?> message && "ping".equals(message.get("type"))) {
                Map<String, Object> pong = new LinkedHashMap<>();
                pong.put("type", "pong");
                if (message.containsKey("id")) {
                    pong.put("id", message.get("id"));
                }
                return json.toJsonString(pong, Map.class);
            }
        } catch (Exception notJson) {
            // answered as any other message that is not a ping; Exception, not RuntimeException: Javalin's Jackson mapper
            // (Kotlin) lets Jackson's checked JsonProcessingException through undeclared, and Javalin would close 1011
        }
        return error();
    }

    private String error() {
        return json.toJsonString(Map.of("type", "error", "reason", "only the text message {\"type\":\"ping\"} is understood"),
                Map.class);
    }
}
