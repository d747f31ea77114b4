package dev.commtck.reference.longpolling;

import dev.commtck.reference.RequestBodies;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;

/**
 * Long polling (spec/long-polling.md): {@code POST /jobs} accepts a job and answers 202 with its handle at once;
 * {@code GET /jobs/{id}} answers when the job ends, or "pending" when the wait's bound ({@code ?wait=N} seconds, else
 * {@code Prefer: wait=N}, else the maximum hold) passes first.
 *
 * <p>A wait costs a parked virtual thread (Helidon runs each connection on one) and its connection, nothing else: no
 * platform thread, no polling. Held waits are counted and limited ({@link LongPollingLimits#maxWaiters}); a wait whose
 * client went away stays parked until its job ends or its bound passes, at most the maximum hold.
 */
public final class LongPollingService implements HttpService {

    public static final String PATH = "/jobs";

    static final HeaderName PREFER = HeaderNames.create("Prefer");
    static final HeaderName PREFERENCE_APPLIED = HeaderNames.create("Preference-Applied");
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
    public void routing(HttpRules rules) {
        rules.post(path, this::submit).get(path + "/{id}", this::await);
    }

    private void submit(ServerRequest req, ServerResponse res) {
        JobRequest request;
        try {
            request = JobRequest.parse(RequestBodies.read(req), jobs.limits());
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

    private void await(ServerRequest req, ServerResponse res) {
        Optional<Job> found = jobs.find(req.path().pathParameters().get("id"));
        if (found.isEmpty()) {
            res.status(Status.NOT_FOUND_404).header(HeaderNames.CACHE_CONTROL, "no-store").send();
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
            try {
                job.awaitEnd(bound);
            } finally {
                waiters.release();
            }
        }
        JobResponses.current(res, job);
    }

    /** The wait's bound: {@code ?wait=N}, else an honoured {@code Prefer: wait=N}, else the maximum hold; never above it. */
    private Duration bound(ServerRequest req, ServerResponse res) {
        Duration max = jobs.limits().maxHold();
        Optional<String> query = req.query().first("wait").asOptional();
        if (query.isPresent()) {
            long seconds = Long.parseLong(query.get().strip());
            if (seconds < 0) {
                throw new NumberFormatException("negative");
            }
            return min(Duration.ofSeconds(seconds), max);
        }
        Optional<String> prefer = req.headers().first(PREFER).map(v -> v.toLowerCase(Locale.ROOT));
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
