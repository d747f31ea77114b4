package dev.commtck.reference.longpolling;

import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.http.Service;
import dev.commtck.reference.http.Status;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;

/**
 * Long polling (spec/long-polling.md): {@code POST /jobs} accepts a job and answers 202 with its handle at once;
 * {@code GET /jobs/{id}} answers when the job ends, or "pending" when the wait's bound ({@code ?wait=N} seconds, else
 * {@code Prefer: wait=N}, else the maximum hold) passes first.
 *
 * <p>A wait is a callback on its job's end and a timer entry for its bound, holding the response it will send: no
 * thread, no polling. Held waits are counted and limited ({@link LongPollingLimits#maxWaiters}); a wait whose client
 * went away stops counting at once, and its callback, a few objects, stays until its job ends or its bound passes.
 */
public final class LongPollingService implements Service {

    public static final String PATH = "/jobs";

    static final String PREFER = "Prefer";
    static final String PREFERENCE_APPLIED = "Preference-Applied";
    private static final java.util.regex.Pattern PREFER_WAIT =
            java.util.regex.Pattern.compile("(?:^|,)\\s*wait\\s*=\\s*\"?(\\d{1,9})\"?\\s*(?:[;,]|$)");

    private final JobStore jobs;
    private final String path;
    private final Semaphore waiters;

    public LongPollingService() {
        this(new Jobs(LongPollingLimits.DEFAULT));
    }

    public LongPollingService(JobStore jobs) {
        this(jobs, PATH);
    }

    /** With its jobs mounted at {@code path} instead of {@value #PATH}. */
    public LongPollingService(JobStore jobs, String path) {
        this.jobs = jobs;
        this.path = path;
        this.waiters = new Semaphore(jobs.limits().maxWaiters());
    }

    @Override
    public void routing(Routes routes) {
        routes.post(path, this::submit).get(path + "/{id}", this::await);
    }

    private void submit(Request req, Response res) {
        JobRequest request;
        try {
            request = JobRequest.parse(req.body(), jobs.limits());
        } catch (JobRequest.Invalid e) {
            JobResponses.badRequest(res, e.getMessage());
            return;
        }
        try {
            JobResponses.accepted(res, path, jobs.submit(request));
        } catch (Jobs.Full e) {
            JobResponses.unavailable(res, e.getMessage());
        }
    }

    private void await(Request req, Response res) {
        Optional<Job> found = jobs.find(req.pathParameter("id"));
        if (found.isEmpty()) {
            res.status(Status.NOT_FOUND).header("Cache-Control", "no-store").send();
            return;
        }
        Job job = found.get();
        Duration bound;
        try {
            bound = bound(req, res);
        } catch (NumberFormatException e) {
            JobResponses.badRequest(res, "wait must be a whole number of seconds, 0 or more");
            return;
        }
        if (job.state() == Job.State.PENDING && !bound.isZero()) {
            if (!waiters.tryAcquire()) {
                JobResponses.unavailable(res, "the server holds " + jobs.limits().maxWaiters() + " waits, its limit");
                return;
            }
            AtomicBoolean counted = new AtomicBoolean(true);
            Runnable uncount = () -> {
                if (counted.getAndSet(false)) {
                    waiters.release();
                }
            };
            res.onClose(uncount);
            // answered on the connection's loop: 10,000 jobs ending at once are not the work of the thread that ends them
            job.end().toCompletableFuture().completeOnTimeout(job, bound.toNanos(), TimeUnit.NANOSECONDS)
                    .whenCompleteAsync((ended, e) -> {
                        uncount.run();
                        JobResponses.current(res, job);
                    }, res.executor());
            return;
        }
        JobResponses.current(res, job);
    }

    /** The wait's bound: {@code ?wait=N}, else an honoured {@code Prefer: wait=N}, else the maximum hold; never above it. */
    private Duration bound(Request req, Response res) {
        Duration max = jobs.limits().maxHold();
        Optional<String> query = req.query("wait");
        if (query.isPresent()) {
            long seconds = Long.parseLong(query.get().strip());
            if (seconds < 0) {
                throw new NumberFormatException("negative");
            }
            return min(Duration.ofSeconds(seconds), max);
        }
        Optional<String> prefer = req.header(PREFER).map(v -> v.toLowerCase(Locale.ROOT));
        Matcher wait = PREFER_WAIT.matcher(prefer.orElse(""));
        if (wait.find()) {
            res.header(PREFERENCE_APPLIED, "wait=" + wait.group(1));
            return min(Duration.ofSeconds(Long.parseLong(wait.group(1))), max);
        }
        return max;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void afterStop() {
        jobs.close();
    }
}
