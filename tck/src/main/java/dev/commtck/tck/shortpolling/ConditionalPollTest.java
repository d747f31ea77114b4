package dev.commtck.tck.shortpolling;

import static dev.commtck.tck.shortpolling.ShortPollingPaths.POLL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.NotApplicable;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Conditional polling, for servers that offer entity tags (N/A elsewhere). */
@ConformanceSuite(Pattern.SHORT_POLLING)
@DisplayName("short-polling: conditional polls")
class ConditionalPollTest {

    static final int ETAG_POLLS = 20;
    private static final String NO_SUCH_ETAG = "\"commtck-matches-nothing\"";

    private static String etagOf(Exchange ex) {
        return ex.header("etag").orElseThrow(() -> new NotApplicable("the poll response carries no ETag"));
    }

    /** RFC 9110 §8.8.3.2 weak comparison: the opaque tags are equal, whether or not either is weak. */
    private static boolean weaklyEqual(String a, String b) {
        return a.replaceFirst("^W/", "").equals(b.replaceFirst("^W/", ""));
    }

    @Test
    @Verifies("SP-ETAG-1")
    @DisplayName("If-None-Match is answered 304 with the same ETag or 200 with a body; a foreign tag gets 200")
    void conditionalPollIsAnsweredCorrectly(Target target) {
        Exchange first = target.http().get(target.path(POLL));
        String etag = etagOf(first);
        Exchange again = target.http().send(Request.get(target.path(POLL)).header("If-None-Match", etag));
        if (again.status() == 304) {
            Expect.that(again.body().length == 0, "a 304 without content", "it carried " + Text.quoteBytes(again.body()),
                    first, again);
            Expect.that(again.header("etag").map(e -> weaklyEqual(e, etag)).orElse(false),
                    "the 304 to carry the ETag " + etag,
                    again.header("etag").map(e -> "it carried " + e).orElse("it carried no ETag"), first, again);
        } else {
            Expect.that(again.status() == 200 && again.body().length > 0 && again.header("etag").isPresent(),
                    "either 304, or 200 with a body and an ETag", "the answer was " + again.status()
                            + " " + Text.quoteBytes(again.body()) + " with ETag " + again.header("etag").orElse("(none)"),
                    first, again);
        }
        Exchange foreign = target.http().send(Request.get(target.path(POLL)).header("If-None-Match", NO_SUCH_ETAG));
        Expect.that(foreign.status() == 200 && foreign.body().length > 0,
                "200 with a body to If-None-Match " + NO_SUCH_ETAG + ", which names no representation",
                "the answer was " + foreign.status() + " " + Text.quoteBytes(foreign.body()), foreign);
    }

    @Test
    @Verifies("SP-ETAG-2")
    @DisplayName("responses with the same ETag have the same body")
    void oneEtagNamesOneRepresentation(Target target) {
        Map<String, Exchange> firstWithTag = new HashMap<>();
        for (int i = 0; i < ETAG_POLLS; i++) {
            Exchange ex = target.http().get(target.path(POLL));
            String etag = etagOf(ex);
            Exchange earlier = firstWithTag.putIfAbsent(etag, ex);
            if (earlier != null) {
                boolean same = etag.startsWith("W/")
                        ? sameJson(earlier, ex)
                        : Arrays.equals(earlier.body(), ex.body());
                Expect.that(same, "every response with ETag " + etag + " to carry the same "
                                + (etag.startsWith("W/") ? "JSON value" : "body"),
                        "two of them differ: " + Text.quoteBytes(earlier.body()) + " and " + Text.quoteBytes(ex.body()),
                        earlier, ex);
            }
        }
        target.evidence().note(ETAG_POLLS + " polls, " + firstWithTag.size() + " distinct ETags");
    }

    private static boolean sameJson(Exchange a, Exchange b) {
        JsonNode x = Coins.json(a);
        JsonNode y = Coins.json(b);
        return x.equals(y);
    }
}
