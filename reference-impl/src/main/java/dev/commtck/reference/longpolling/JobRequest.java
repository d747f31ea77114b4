package dev.commtck.reference.longpolling;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commtck.reference.JsonMappers;
import dev.commtck.reference.requestresponse.HelloService;
import java.io.IOException;

/**
 * A job as a client submits it (spec/long-polling.md, "Submitting a job").
 *
 * @param input      what the job computes the request-response answer for
 * @param durationMs how long it runs, from its submission
 * @param fail       whether it fails at its end instead of finishing done
 */
public record JobRequest(String input, long durationMs, boolean fail) {

    private static final ObjectMapper JSON = JsonMappers.create().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A submission the contract does not allow; answered 400 with its message, and no job is made. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /** Reads a submission strictly: no defaults for what is present but malformed. */
    public static JobRequest parse(byte[] body, LongPollingLimits limits) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new Invalid("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Invalid("the body could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("the body must be a JSON object such as {\"input\":\"ping\",\"durationMs\":1500}");
        }
        JsonNode input = root.get("input");
        if (input == null || !input.isTextual()) {
            throw new Invalid("input must be a string");
        }
        if (input.textValue().length() > limits.maxInputChars()) {
            throw new Invalid("input is longer than " + limits.maxInputChars() + " characters");
        }
        long duration = 0;
        JsonNode d = root.get("durationMs");
        if (d != null) {
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0 || d.longValue() > limits.maxDurationMs()) {
                throw new Invalid("durationMs must be an integer from 0 to " + limits.maxDurationMs());
            }
            duration = d.longValue();
        }
        JsonNode fail = root.get("fail");
        if (fail != null && !fail.isBoolean()) {
            throw new Invalid("fail must be true or false");
        }
        return new JobRequest(input.textValue(), duration, fail != null && fail.booleanValue());
    }

    /** What the job yields when it does not fail: the request-response answer for its input. */
    public String result() {
        return HelloService.answer(input);
    }
}
