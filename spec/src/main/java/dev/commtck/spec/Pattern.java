package dev.commtck.spec;

import java.util.Arrays;
import java.util.Optional;

/** The seven communication patterns; each has one spec document, one requirement-ID prefix and one TCK package. */
public enum Pattern {
    REQUEST_RESPONSE("request-response", "Request-response", "RR"),
    SHORT_POLLING("short-polling", "Short polling", "SP"),
    LONG_POLLING("long-polling", "Long polling", "LP"),
    PUSH("push", "Push over WebSocket", "PUSH"),
    SSE("sse", "Server-Sent Events", "SSE"),
    MESSAGE_QUEUE("message-queue", "Message queue", "MQ"),
    PUB_SUB("pub-sub", "Publish/subscribe", "PS");

    private final String id;
    private final String title;
    private final String prefix;

    Pattern(String id, String title, String prefix) {
        this.id = id;
        this.title = title;
        this.prefix = prefix;
    }

    /** The id users type: {@code --patterns request-response}. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** Every requirement of this pattern has an ID starting with this prefix and a dash. */
    public String prefix() {
        return prefix;
    }

    /** File name of the pattern's spec document, relative to the spec folder. */
    public String document() {
        return id + ".md";
    }

    public static Optional<Pattern> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public static Optional<Pattern> byRequirementId(String requirementId) {
        return Arrays.stream(values()).filter(p -> requirementId.startsWith(p.prefix + "-")).findFirst();
    }
}
