package dev.commtck.tck.longpolling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A job the kit submits (spec/long-polling.md, "Submitting a job"): what it computes, how long it runs, whether it
 * fails. The kit knows from it when the job ends and what it yields.
 */
record JobOrder(String input, long durationMs, boolean fail) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JobOrder of(String input, long durationMs) {
        return new JobOrder(input, durationMs, false);
    }

    static JobOrder failing(long durationMs) {
        return new JobOrder("ping", durationMs, true);
    }

    String json() {
        ObjectNode n = JSON.createObjectNode().put("input", input).put("durationMs", durationMs);
        return (fail ? n.put("fail", true) : n).toString();
    }

    /** The result the contract defines for the input: the request-response answer. */
    String expectedResult() {
        return input.strip().equals("ping") ? "pong" : "";
    }
}
