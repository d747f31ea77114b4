package dev.commtck.reference.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commtck.reference.JsonMappers;
import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

/**
 * What one connection's client says (one instance per connection): a text message {@code {"type":"ping"}} is answered
 * {@code {"type":"pong"}} (with the ping's {@code id}, if any), anything else with an {@code error} message; a binary
 * message closes the connection with 1003; a Ping frame is answered with a Pong frame carrying the same payload,
 * which Helidon leaves to the application. The close handshake is Helidon's: it echoes a Close frame.
 *
 * <p>Mutants extend it to answer wrongly ({@link #answer}, {@link #reply}, {@link #onPing}, {@link #onClose}).
 */
public class PushListener implements WsListener {

    private static final ObjectMapper JSON = JsonMappers.create();

    private final int maxMessage;
    private final StringBuilder message = new StringBuilder();

    public PushListener(PushSettings settings) {
        this.maxMessage = settings.maxClientMessage();
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (message.length() + text.length() > maxMessage) {
            message.setLength(0);
            session.close(CloseCodes.TOO_BIG, "message longer than " + maxMessage + " characters");
            return;
        }
        message.append(text);
        if (last) {
            String whole = message.toString();
            message.setLength(0);
            reply(session, answer(whole));
        }
    }

    /** Sends the reply to a message on the connection it came on. */
    protected void reply(WsSession session, String answer) {
        session.send(answer, true);
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        session.close(CloseCodes.UNSUPPORTED_DATA, "only text messages are understood");
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        session.pong(buffer);
    }

    /** The reply to one whole client message. */
    protected String answer(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return error("not a JSON object");
        }
        if (m == null || !m.isObject() || !"ping".equals(m.path("type").asText(null))) {
            return error("unknown message; the client may send {\"type\":\"ping\"}");
        }
        ObjectNode pong = JsonMappers.object().put("type", "pong");
        if (m.has("id")) {
            pong.set("id", m.get("id"));
        }
        return JsonMappers.string(pong);
    }

    private static String error(String reason) {
        return JsonMappers.string(JsonMappers.object().put("type", "error").put("reason", reason));
    }
}
