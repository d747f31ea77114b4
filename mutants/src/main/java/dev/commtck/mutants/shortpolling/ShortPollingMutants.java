package dev.commtck.mutants.shortpolling;

import dev.commtck.mutants.Mutant;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Short-polling servers with one fault each (spec/short-polling.md). */
public final class ShortPollingMutants {

    private static final String POLL = "/bitcoin";

    /** How long {@code sp-held-poll} holds a poll: past the default tolerance "fast" (1 s). */
    static final long HOLD_MS = 1500;

    public static final List<Mutant> ALL = List.of(
            new Mutant("sp-fractional-coins", "SP-JSON-1", "forgets Math.floor: coins is a number with a fraction",
                    () -> r -> r.get(POLL, (req, res) -> json(res, String.valueOf(ThreadLocalRandom.current().nextDouble(-10, 101))))),
            new Mutant("sp-out-of-range", "SP-RANGE-1", "draws coins from -10 to 200 instead of -10 to 100",
                    () -> r -> r.get(POLL, (req, res) -> json(res, String.valueOf(ThreadLocalRandom.current().nextInt(-10, 201))))),
            new Mutant("sp-frozen-value", "SP-FRESH-1", "computes the value once and serves it forever",
                    () -> {
                        int frozen = ThreadLocalRandom.current().nextInt(-10, 101);
                        return r -> r.get(POLL, (req, res) -> json(res, String.valueOf(frozen)));
                    }),
            new Mutant("sp-held-poll", "SP-PROMPT-1", "holds every 8th poll for 1.5 s, as if waiting for a change",
                    () -> {
                        AtomicLong polls = new AtomicLong();
                        return r -> r.get(POLL, (req, res) -> {
                            if (polls.incrementAndGet() % 8 == 0) {
                                Thread.sleep(HOLD_MS); // the fault itself: a poll held like a long poll
                            }
                            json(res, fresh());
                        });
                    }),
            new Mutant("sp-304-always", "SP-ETAG-1", "answers 304 to any If-None-Match, whatever tag it names",
                    () -> r -> r.get(POLL, (req, res) -> {
                        String coins = fresh();
                        res.header("ETag", "\"c" + coins + "\"");
                        if (req.header("If-None-Match").isPresent()) {
                            res.status(Status.NOT_MODIFIED).send();
                        } else {
                            json(res, coins);
                        }
                    })),
            new Mutant("sp-constant-etag", "SP-ETAG-2", "sends the same ETag whatever the value",
                    () -> r -> r.get(POLL, (req, res) -> {
                        res.header("ETag", "\"bitcoin\"");
                        json(res, fresh());
                    })),
            new Mutant("sp-no-cache-control", "SP-CACHE-1", "says nothing about caching (no Cache-Control), like the seed",
                    () -> r -> r.get(POLL, (req, res) -> send(res, fresh()))));

    private ShortPollingMutants() {
    }

    private static String fresh() {
        return String.valueOf(ThreadLocalRandom.current().nextInt(-10, 101));
    }

    /** A poll answer that is right in everything but the fault: JSON, and not to be cached. */
    private static void json(Response res, String coins) {
        res.header("Cache-Control", "no-cache");
        send(res, coins);
    }

    private static void send(Response res, String coins) {
        res.header("Content-Type", "application/json")
                .send(("{\"coins\":" + coins + "}").getBytes(StandardCharsets.US_ASCII));
    }
}
