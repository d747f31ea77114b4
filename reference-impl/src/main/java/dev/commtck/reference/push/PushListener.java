package dev.commtck.reference.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commtck.reference.JsonMappers;

/**
 * What the server answers a client on its connection (one instance serves every connection): a text message
 * {@code {"type":"ping"}} is answered {@code {"type":"pong"}} (with the ping's {@code id}, if any), anything else with
 * an {@code error} message; a binary message closes the connection with 1003; a Ping frame is answered with a Pong
 * frame carrying the same payload; a Close frame is answered with a Close carrying the same code. Messages arrive
 * whole, their fragments joined, their UTF-8 checked and their length within the limit ({@link PushConnection}).
 *
 * <p>Mutants extend it to answer wrongly ({@link #answer}, {@link #reply}, {@link #onPing}, {@link #onClose}), or to
 * keep track of the connections ({@link #onOpen}).
 */
public class PushListener {

    private static final ObjectMapper JSON = JsonMappers.create();

    /** A client connected: its handshake was answered. */
    public void onOpen(Session session) {
    }

    /** A whole text message from the client. */
    public void onMessage(Session session, String text) {
        reply(session, answer(text));
    }

    /** Sends the reply to a message on the connection it came on. */
    protected void reply(Session session, String answer) {
        session.send(answer);
    }

    /** A binary message from the client (called on its first frame). */
    public void onBinary(Session session) {
        session.close(CloseCodes.UNSUPPORTED_DATA, "only text messages are understood");
    }

    /** A Ping frame from the client. */
    public void onPing(Session session, byte[] payload) {
        session.pong(payload);
    }

    /** A Close frame from the client, with its code ({@code 1000} when it had none); the TCP connection closes next. */
    public void onClose(Session session, int code, String reason) {
        session.close(code, "");
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
