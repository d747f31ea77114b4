package dev.commtck.tck.shortpolling;

import static dev.commtck.tck.shortpolling.ShortPollingPaths.POLL;
import static dev.commtck.tck.shortpolling.ShortPollingPaths.ROOT;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Polls of the polled resource: shape, range, freshness, promptness, cacheability. */
@ConformanceSuite(Pattern.SHORT_POLLING)
@DisplayName("short-polling: polls")
class PollTest {

    static final int RANGE_POLLS = 30;
    static final int FRESH_POLLS = 20;
    static final int PROMPT_POLLS = 8;
    private static final BigDecimal MIN = BigDecimal.valueOf(-10);
    private static final BigDecimal MAX = BigDecimal.valueOf(100);

    @Test
    @Verifies("SP-JSON-1")
    @DisplayName("a poll is answered 200 application/json with an integer coins")
    void pollIsJsonWithIntegerCoins(Target target) {
        Exchange ex = target.http().get(target.path(POLL));
        Expect.status(ex, 200);
        Expect.mediaType(ex, "application/json");
        Coins.of(ex);
    }

    @Test
    @Verifies("SP-RANGE-1")
    @DisplayName("30 polls all carry coins between -10 and 100")
    void coinsStayInRange(Target target) {
        List<BigDecimal> values = new ArrayList<>();
        for (int i = 0; i < RANGE_POLLS; i++) {
            Exchange ex = target.http().get(target.path(POLL));
            BigDecimal coins = Coins.number(ex);
            values.add(coins);
            Expect.that(coins.compareTo(MIN) >= 0 && coins.compareTo(MAX) <= 0, "coins between -10 and 100 in every poll",
                    "poll " + (i + 1) + " carried " + coins.toPlainString(), ex);
        }
        target.evidence().note(RANGE_POLLS + " polls, values " + values);
    }

    @Test
    @Verifies("SP-FRESH-1")
    @DisplayName("20 polls in a row do not all carry the same value")
    void pollsCarryFreshValues(Target target) {
        List<BigDecimal> values = new ArrayList<>();
        List<Exchange> polls = new ArrayList<>();
        for (int i = 0; i < FRESH_POLLS; i++) {
            Exchange ex = target.http().get(target.path(POLL));
            Expect.status(ex, 200);
            polls.add(ex);
            values.add(Coins.number(ex).stripTrailingZeros());
        }
        target.evidence().note(FRESH_POLLS + " polls, values " + values);
        Expect.that(values.stream().distinct().count() > 1, "at least two different values in " + FRESH_POLLS + " polls",
                "every poll carried " + values.get(0), polls.get(0), polls.get(polls.size() - 1));
    }

    @Test
    @Verifies("SP-PROMPT-1")
    @DisplayName("8 polls are each answered at once")
    void pollsAreAnsweredAtOnce(Target target) {
        long fast = target.tolerances().fast().toMillis();
        for (int i = 0; i < PROMPT_POLLS; i++) {
            Exchange ex = target.http().get(target.path(POLL));
            Expect.that(ex.elapsedMs() <= fast, "every poll answered within " + fast + " ms (tolerance 'fast')",
                    "poll " + (i + 1) + " took " + ex.elapsedMs() + " ms", ex);
        }
    }

    @Test
    @Verifies("SP-CACHE-1")
    @DisplayName("a poll response says it must not be reused (Cache-Control)")
    void pollResponseStatesItsCacheability(Target target) {
        Exchange ex = target.http().get(target.path(POLL));
        String cc = ex.header("cache-control").orElse("").toLowerCase(Locale.ROOT);
        Matcher maxAge = java.util.regex.Pattern.compile("max-age\\s*=\\s*\"?(\\d+)").matcher(cc);
        boolean ok = cc.contains("no-store") || cc.contains("no-cache") || maxAge.find() && Long.parseLong(maxAge.group(1)) <= 1;
        Expect.that(ok, "Cache-Control with no-store, no-cache or max-age of at most 1",
                cc.isEmpty() ? "there was no Cache-Control header" : "Cache-Control was \"" + cc + "\"", ex);
    }

    @Test
    @Verifies("SP-GREETING-1")
    @DisplayName("the root is answered 200 Hello world")
    void rootIsAnsweredHelloWorld(Target target) {
        Exchange ex = target.http().get(target.path(ROOT));
        Expect.status(ex, 200);
        Expect.body(ex, "Hello world");
    }
}
