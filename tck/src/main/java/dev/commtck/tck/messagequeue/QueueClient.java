package dev.commtck.tck.messagequeue;

import static dev.commtck.tck.messagequeue.QueuePaths.ACK;
import static dev.commtck.tck.messagequeue.QueuePaths.DEAD_LETTERS;
import static dev.commtck.tck.messagequeue.QueuePaths.RECEIVE;
import static dev.commtck.tck.messagequeue.QueuePaths.RELEASE;
import static dev.commtck.tck.messagequeue.QueuePaths.SEND;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.HttpProbe;
import dev.commtck.tck.support.PathKey;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The queue contract as the kit speaks it. Every call goes through an {@link HttpProbe}, so it is bounded in time and
 * size and recorded: in the test's evidence, or (for the workload) in a probe of its own.
 */
final class QueueClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Target target;
    private final HttpProbe http;

    QueueClient(Target target) {
        this(target, target.http());
    }

    QueueClient(Target target, HttpProbe http) {
        this.target = target;
        this.http = http;
    }

    /** The node it reaches ({@code node 2}), empty for the target of a run without nodes. */
    String node() {
        return target.endpoint().name();
    }

    /** A queue nobody else uses, so that checks never see each other's messages: {@code commtck-<purpose>-<random>}. */
    static String freshQueue(String purpose) {
        return "commtck-" + purpose + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    Exchange send(String queue, String body) {
        return http.send(Request.post(path(SEND, queue, ""), body).header("Content-Type", "text/plain; charset=utf-8"));
    }

    /** Sends and returns the id of a send answered as the contract says ({@code 201} with an id), or fails. */
    String sendOk(String queue, String body) {
        return idOf(send(queue, body));
    }

    /** The id in a send's answer; fails unless it is {@code 201 application/json {"id": "<non-empty>"}}. */
    static String idOf(Exchange ex) {
        Expect.status(ex, 201);
        Expect.mediaType(ex, "application/json");
        JsonNode id;
        try {
            JsonNode root = JSON.readTree(ex.body());
            id = root == null ? null : root.get("id");
        } catch (IOException e) {
            throw Expect.failure("a JSON body with the message id", "it was " + Text.quoteBytes(ex.body()), ex);
        }
        Expect.that(id != null && id.isTextual() && !id.asText().isEmpty(), "a JSON object whose id is a non-empty string",
                "the body was " + Text.quoteBytes(ex.body()), ex);
        return id.asText();
    }

    Request receiveRequest(String queue, int max, Duration visibility, Duration wait) {
        return Request.of("POST", path(RECEIVE, queue, "") + "?max=" + max + "&visibilityMs=" + visibility.toMillis()
                + "&waitMs=" + wait.toMillis());
    }

    Received receive(String queue, int max, Duration visibility, Duration wait) {
        return Received.of(http.send(receiveRequest(queue, max, visibility, wait)));
    }

    CompletableFuture<Exchange> receiveAsync(String queue, int max, Duration visibility, Duration wait) {
        return http.sendAsync(receiveRequest(queue, max, visibility, wait));
    }

    Exchange ack(String queue, String receipt) {
        return http.send(Request.of("DELETE", path(ACK, queue, receipt)));
    }

    Exchange release(String queue, String receipt) {
        return http.send(Request.of("POST", path(RELEASE, queue, receipt)));
    }

    Exchange deadLetters(String queue) {
        return http.get(path(DEAD_LETTERS, queue, ""));
    }

    /** A send, receive or ack path for the queue; the name is used as given, the receipt percent-encoded. */
    String path(PathKey key, String queue, String receipt) {
        return target.path(key).replace("{name}", queue).replace("{receipt}", PathKey.segment(receipt));
    }
}
