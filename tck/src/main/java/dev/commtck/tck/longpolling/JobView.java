package dev.commtck.tck.longpolling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A job's representation as one answer carried it (spec/long-polling.md, "The job's representation"): a JSON object
 * with {@code id} and {@code state}, then {@code result} or {@code error} and {@code expiresInMs} once finished.
 *
 * @param id          the handle
 * @param state       {@code pending}, {@code done} or {@code failed}
 * @param result      the result of a done job
 * @param error       why a failed job failed
 * @param expiresInMs how long a finished job is still kept
 */
record JobView(String id, String state, Optional<String> result, Optional<String> error, Optional<Long> expiresInMs) {

    static final String PENDING = "pending";
    static final String DONE = "done";
    static final String FAILED = "failed";

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The representation in a {@code 200} (or {@code 202}) answer, or a failure that quotes the answer. */
    static JobView of(Exchange ex) {
        return parse(ex.body(), ex);
    }

    static JobView parse(byte[] body, Exchange... evidence) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw Expect.failure("a job's representation as a JSON object",
                    "the body was not JSON (" + e.getOriginalMessage() + "): " + Text.quoteBytes(body), evidence);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does no I/O
        }
        JsonNode id = root == null ? null : root.get("id");
        JsonNode state = root == null ? null : root.get("state");
        Expect.that(root != null && root.isObject() && id != null && id.isTextual() && state != null && state.isTextual(),
                "a job's representation: a JSON object with the strings id and state",
                "the body was " + Text.quoteBytes(body), evidence);
        return new JobView(id.textValue(), state.textValue(), text(root, "result"), text(root, "error"),
                Optional.ofNullable(root.get("expiresInMs")).filter(JsonNode::canConvertToLong).filter(JsonNode::isIntegralNumber)
                        .map(JsonNode::longValue));
    }

    private static Optional<String> text(JsonNode root, String member) {
        return Optional.ofNullable(root.get(member)).filter(JsonNode::isTextual).map(JsonNode::textValue);
    }

    /** The same end: state, result and error alike ({@code expiresInMs} counts down and may differ). */
    boolean sameOutcome(JobView other) {
        return state.equals(other.state) && result.equals(other.result) && error.equals(other.error);
    }

    /** {@code state done, result "pong"}: what a failure message says the answer carried. */
    String describe() {
        return "state " + state + result.map(r -> ", result " + Text.quote(r)).orElse("")
                + error.map(e -> ", error " + Text.quote(e)).orElse("");
    }
}
