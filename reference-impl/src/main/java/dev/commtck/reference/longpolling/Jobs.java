package dev.commtck.reference.longpolling;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The jobs the server holds: bounded in number ({@link LongPollingLimits#maxJobs}), each forgotten once its retention
 * after its end has passed. One timer thread ends the jobs and expires them; nobody's waiting takes a thread of its
 * own (waiters park on the job's end).
 */
public final class Jobs implements JobStore {

    /** A submission refused because the server holds as many jobs as it may (answered 503 with Retry-After). */
    public static final class Full extends RuntimeException {
        Full(int max) {
            super("the server holds " + max + " jobs, its limit; try again later");
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LongPollingLimits limits;
    private final Supplier<String> ids;
    private final Map<String, Job> byId = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private final ScheduledExecutorService timer;

    public Jobs(LongPollingLimits limits) {
        this(limits, Jobs::randomId);
    }

    /** With handles made by {@code ids}, which must never repeat one. */
    public Jobs(LongPollingLimits limits, Supplier<String> ids) {
        this.limits = limits;
        this.ids = ids;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("jobs-timer").factory());
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /** 128 random bits in URL-safe base64: 22 characters from the handle alphabet, unguessable. */
    static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public LongPollingLimits limits() {
        return limits;
    }

    @Override
    public Job submit(JobRequest request) {
        return start(create(request));
    }

    /** Registers a job without starting it (see {@link #start}); throws {@link Full} at the limit. */
    public Job create(JobRequest request) {
        if (held.getAndUpdate(n -> n < limits.maxJobs() ? n + 1 : n) >= limits.maxJobs()) {
            throw new Full(limits.maxJobs());
        }
        Job job = new Job(ids.get(), request, limits.retention());
        byId.put(job.id(), job);
        return job;
    }

    /** Runs a created job: it ends {@code durationMs} from now, then expires after the retention. */
    public Job start(Job job) {
        job.end().thenRun(() -> timer.schedule(() -> forget(job), limits.retention().toMillis(), TimeUnit.MILLISECONDS));
        if (job.request().durationMs() == 0) {
            job.finish();
        } else {
            timer.schedule(job::finish, job.request().durationMs(), TimeUnit.MILLISECONDS);
        }
        return job;
    }

    @Override
    public Optional<Job> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    private void forget(Job job) {
        if (byId.remove(job.id(), job)) {
            held.decrementAndGet();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
