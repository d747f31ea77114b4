package dev.commtck.tck.messagequeue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a receive, read as the contract says: {@code 200 application/json {"messages": [...]}}, or an empty
 * answer ({@code 204}, or {@code 200} with no messages). Anything else fails with what was there instead.
 */
record Received(Exchange exchange, List<Delivery> deliveries) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Received of(Exchange ex) {
        if (ex.status() == 204) {
            return new Received(ex, List.of());
        }
        Expect.that(ex.status() == 200, "200 or 204 to a receive", "the status was " + ex.status(), ex);
        return new Received(ex, messages(ex, true));
    }

    boolean empty() {
        return deliveries.isEmpty();
    }

    /** The first delivery, for receives that asked for one. */
    Delivery only() {
        return deliveries.get(0);
    }

    /**
     * The {@code messages} of a JSON answer; with {@code receipts}, each must carry a receipt (a receive), without,
     * none is read (the dead-letters list).
     */
    static List<Delivery> messages(Exchange ex, boolean receipts) {
        Expect.mediaType(ex, "application/json");
        JsonNode root;
        try {
            root = JSON.readTree(ex.body());
        } catch (IOException e) {
            throw Expect.failure("a JSON body", "it was not JSON: " + Text.quoteBytes(ex.body()), ex);
        }
        JsonNode messages = root == null ? null : root.get("messages");
        Expect.that(messages != null && messages.isArray(), "a JSON object with an array \"messages\"",
                "the body was " + Text.quoteBytes(ex.body()), ex);
        List<Delivery> out = new ArrayList<>();
        for (JsonNode m : messages) {
            JsonNode id = m.get("id");
            JsonNode body = m.get("body");
            JsonNode receipt = m.get("receipt");
            JsonNode count = m.get("deliveryCount");
            boolean ok = id != null && id.isTextual() && !id.asText().isEmpty() && body != null && body.isTextual()
                    && count != null && count.isIntegralNumber() && count.asInt() >= 1
                    && (!receipts || receipt != null && receipt.isTextual() && !receipt.asText().isEmpty());
            Expect.that(ok, "every message with a non-empty string id, a string body, "
                            + (receipts ? "a non-empty string receipt " : "") + "and an integer deliveryCount of at least 1",
                    "one was " + Text.quote(m.toString(), 200), ex);
            out.add(new Delivery(id.asText(), body.asText(), receipts ? receipt.asText() : "", count.asInt()));
        }
        return out;
    }
}
