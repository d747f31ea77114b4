package dev.commtck.examples.spring;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Push's answers to a client's message, written with the application's Jackson mapper. */
public final class PushMessages {

    private PushMessages() {
    }

    /** {@code {"type":"pong"}} (with the ping's id) for a ping, {@code {"type":"error"}} for anything else. */
    public static String answer(JsonMapper json, String text) {
        ObjectNode reply = json.createObjectNode();
        try {
            JsonNode message = json.readTree(text);
            if (message.isObject() && "ping".equals(message.path("type").asString(null))) {
                reply.put("type", "pong");
                if (message.has("id")) {
                    reply.set("id", message.get("id"));
                }
                return json.writeValueAsString(reply);
            }
        } catch (RuntimeException notJson) {
            // answered as any other message that is not a ping
        }
        return refusal(json);
    }

    /** The answer to a message that is not a ping, a binary one too. */
    public static String refusal(JsonMapper json) {
        return json.writeValueAsString(json.createObjectNode().put("type", "error")
                .put("reason", "only the text message {\"type\":\"ping\"} is understood"));
    }
}
