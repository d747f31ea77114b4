package dev.commtck.examples.vertx;

import dev.commtck.examples.common.PushHub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;

/**
 * Push on Vert.x's ServerWebSocket, upgraded from the router. Vert.x sends no Pings of its own, so each socket gets one
 * per keep-alive; a client whose write queue fills ({@value #BACKLOG_BYTES} bytes) is closed with 1013 (Try Again
 * Later) rather than skipped.
 */
final class PushSocket {

    private static final int BACKLOG_BYTES = 4 << 20;
    private final Vertx vertx;
    private final PushHub hub;

    PushSocket(Vertx vertx, PushHub hub) {
        this.vertx = vertx;
        this.hub = hub;
    }

    void upgrade(RoutingContext ctx) {
        ctx.request().toWebSocket().onSuccess(this::connected).onFailure(ctx::fail);
    }

    private void connected(ServerWebSocket ws) {
        ws.setWriteQueueMaxSize(BACKLOG_BYTES);
        Predicate<String> client = text -> {
            if (ws.isClosed() || ws.writeQueueFull()) {
                ws.close((short) 1013);
                return false;
            }
            ws.writeTextMessage(text);
            return true;
        };
        long pings = vertx.setPeriodic(PushHub.KEEPALIVE.toMillis(), id -> ws.writePing(Buffer.buffer()));
        ws.textMessageHandler(text -> client.test(answer(text)));
        ws.binaryMessageHandler(binary -> client.test(error()));
        ws.closeHandler(closed -> {
            hub.disconnect(client);
            vertx.cancelTimer(pings);
        });
        hub.connect(client);
    }

    /** {@code {"type":"pong"}} (with the ping's id) for a ping, {@code {"type":"error"}} for anything else. */
    private static String answer(String text) {
        try {
            JsonObject message = new JsonObject(text);
            if ("ping".equals(message.getValue("type"))) {
                JsonObject pong = new JsonObject().put("type", "pong");
                if (message.containsKey("id")) {
                    pong.put("id", message.getValue("id"));
                }
                return pong.encode();
            }
        } catch (DecodeException notAnObject) {
            // answered as any other message that is not a ping
        }
        return error();
    }

    private static String error() {
        return new JsonObject().put("type", "error").put("reason", "only the text message {\"type\":\"ping\"} is understood")
                .encode();
    }
}
