package dev.commtck.tck.shortpolling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Text;

/** Reads the polled state out of a poll response: a JSON object with an integer {@code coins}. */
final class Coins {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Coins() {
    }

    /** The body as JSON, or a failure that quotes it. */
    static JsonNode json(Exchange ex) {
        try {
            return JSON.readTree(ex.body());
        } catch (JsonProcessingException e) {
            throw Expect.failure("a JSON body", "it was not JSON (" + e.getOriginalMessage() + "): " + Text.quoteBytes(ex.body()), ex);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // reading a byte array does no I/O
        }
    }

    /**
     * The value of {@code coins} as a number of any kind, or a failure: for checks about range and freshness, which
     * should not fail just because the value is not an integer (that is SP-JSON-1's business).
     */
    static java.math.BigDecimal number(Exchange ex) {
        JsonNode root = json(ex);
        JsonNode coins = root.isObject() ? root.get("coins") : null;
        Expect.that(coins != null && coins.isNumber(), "a JSON object whose member coins is a number",
                coins == null ? "the body was " + Text.quoteBytes(ex.body()) : "coins was " + coins, ex);
        return coins.decimalValue();
    }

    /** The integer value of {@code coins}, or a failure that says what was there instead. */
    static long of(Exchange ex) {
        JsonNode root = json(ex);
        JsonNode coins = root.isObject() ? root.get("coins") : null;
        Expect.that(coins != null && coins.isIntegralNumber() && coins.canConvertToLong(),
                "a JSON object whose member coins is an integer",
                coins == null ? "the body was " + Text.quoteBytes(ex.body())
                        : "coins was " + coins + " (" + coins.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                                + (coins.isFloatingPointNumber() ? " with a fraction or exponent" : "") + ")", ex);
        return coins.longValue();
    }
}
