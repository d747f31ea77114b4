package dev.commtck.examples.common;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Long polling's jobs (spec/long-polling.md): each runs on a timer, whoever is connected, and is kept five minutes
 * after it ends. A wait is a future that completes with the job's representation when the job ends or its bound
 * passes, whichever comes first: the adapter only turns it into a held response in its stack's way.
 */
public final class Jobs {

    /** The documented maximum hold: the shortest the contract allows, for a short run (long-polling.max-hold-ms). */
    public static final Duration MAX_HOLD = Duration.ofSeconds(5);
    /** The longest job accepted. */
    public static final long MAX_DURATION_MS = 600_000;
    private static final long KEPT_MS = 300_000;
    private static final Pattern WAIT = Pattern.compile("[0-9]{1,9}");

    /** One job; its representation is read whenever it is answered. */
    public static final class Job {
        private final String id = UUID.randomUUID().toString();
        private final String input;
        private final boolean fails;
        private final long endsAt;
        private final CompletableFuture<Void> finished = new CompletableFuture<>();
        private volatile long finishedAt;

        private Job(String input, boolean fails, long durationMs) {
            this.input = input;
            this.fails = fails;
            this.endsAt = System.currentTimeMillis() + durationMs;
        }

        public String id() {
            return id;
        }

        /** When the result may be expected, in whole seconds from now (for {@code Retry-After}). */
        public long retryAfterSeconds() {
            return Math.max(0, (endsAt - System.currentTimeMillis() + 999) / 1000);
        }

        public Map<String, Object> representation() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", id);
            if (!finished.isDone()) {
                view.put("state", "pending");
                return view;
            }
            view.put("state", fails ? "failed" : "done");
            view.put(fails ? "error" : "result", fails ? "the job was asked to fail" : Contract.helloAnswer(input));
            view.put("expiresInMs", Math.max(0, finishedAt + KEPT_MS - System.currentTimeMillis()));
            return view;
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("jobs").factory());

    /** Starts the job a submission asks for, or refuses it (422) when a member is missing or of the wrong kind. */
    public Job submit(Map<String, Object> body) throws Invalid {
        if (!(body.get("input") instanceof String input)) {
            throw new Invalid(422, "input is required and is a string");
        }
        Object fail = body.getOrDefault("fail", false);
        if (!(fail instanceof Boolean fails)) {
            throw new Invalid(422, "fail is a boolean");
        }
        Job job = new Job(input, fails, durationMs(body.get("durationMs")));
        jobs.put(job.id, job);
        timer.schedule(() -> finish(job), job.endsAt - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        return job;
    }

    public Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** The job's representation once it has ended, or when {@code bound} has passed (then {@code pending}). */
    public CompletableFuture<Map<String, Object>> await(Job job, Duration bound) {
        return job.finished.copy().completeOnTimeout(null, bound.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(ignored -> job.representation());
    }

    /** The bound of a wait: {@code ?wait=N} in whole seconds, at most the maximum hold, which is also the default. */
    public static Duration bound(String wait) throws Invalid {
        if (wait == null) {
            return MAX_HOLD;
        }
        if (!WAIT.matcher(wait).matches()) {
            throw new Invalid(400, "wait is a whole number of seconds");
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(wait));
        return asked.compareTo(MAX_HOLD) < 0 ? asked : MAX_HOLD;
    }

    private void finish(Job job) {
        job.finishedAt = System.currentTimeMillis();
        job.finished.complete(null);
        timer.schedule(() -> jobs.remove(job.id), KEPT_MS, TimeUnit.MILLISECONDS);
    }

    /** {@code durationMs}: absent or null is 0; a number with a whole value (10000.0, 1e4) is that value. */
    private static long durationMs(Object value) throws Invalid {
        if (value == null) {
            return 0;
        }
        BigDecimal ms = switch (value) {
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case BigInteger b -> new BigDecimal(b);
            case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d);
            case BigDecimal d -> d;
            default -> throw new Invalid(422, "durationMs is a whole number of milliseconds");
        };
        if (ms.signum() < 0 || ms.compareTo(BigDecimal.valueOf(MAX_DURATION_MS)) > 0
                || ms.stripTrailingZeros().scale() > 0) {
            throw new Invalid(422, "durationMs is a whole number from 0 to " + MAX_DURATION_MS);
        }
        return ms.longValueExact();
    }
}
