package dev.commtck.mutants.longpolling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commtck.mutants.Mutant;
import dev.commtck.mutants.ReferenceRoutes;
import dev.commtck.reference.http.Handler;
import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.http.Status;
import dev.commtck.reference.longpolling.Job;
import dev.commtck.reference.longpolling.JobRequest;
import dev.commtck.reference.longpolling.JobResponses;
import dev.commtck.reference.longpolling.Jobs;
import dev.commtck.reference.longpolling.LongPollingLimits;
import dev.commtck.reference.longpolling.LongPollingService;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;

/**
 * Long-polling servers with one fault each (spec/long-polling.md). Each runs the reference service on jobs of its own,
 * with the faulty route registered before it on the same jobs, so that everything but the fault still conforms.
 */
public final class LongPollingMutants {

    private static final String JOBS = LongPollingService.PATH;
    private static final String JOB = JOBS + "/{id}";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long {@code lp-submit-waits} holds a submission for its job: past the default tolerance "fast" (1 s). */
    static final Duration SUBMIT_HOLD = Duration.ofMillis(1500);
    /** How often {@code lp-sleepy-wait} looks at its job: a server this late fails "wake" (500 ms). */
    static final long RECHECK_MS = 1000;
    /** The gap in {@code lp-lost-wakeup} between seeing the job pending and registering to be woken. */
    static final long REGISTRATION_GAP_MS = 20;
    /** The maximum hold of {@code lp-hold-503}, stated to the kit so that it checks it. */
    static final long HOLD_MS = 2000;
    /**
     * The waits {@code lp-waits-keep-slots} holds at once, an abandoned one keeping its slot as long as it would have
     * waited: fewer than the 1000 the kit abandons, so however many of those the server has taken in when the 100
     * probing waits come (down to 800), the slots are gone; more than the 50 any other check holds at once, and
     * those release their slots as they end, so no other check sees the limit.
     */
    static final int WAIT_SLOTS = 900;
    /** The longest job {@code lp-runs-short-jobs} runs to its end before answering: "a few seconds". */
    static final Duration SHORT_JOB = Duration.ofSeconds(3);
    /** The input limit of {@code lp-input-1000} and the byte limit of {@code lp-input-bytes}. */
    static final int SHORT_INPUT_CHARS = 1000;
    static final int INPUT_BYTES = 1024;
    /** What {@code lp-expiry-from-submission} keeps a job for, counted from its submission. */
    static final Duration KEPT_FROM_SUBMISSION = Duration.ofSeconds(60);
    /** The members of a submission {@code lp-strict-members} knows; it refuses any other. */
    static final String PREFER = "Prefer";
    static final java.util.regex.Pattern PREFER_WAIT = java.util.regex.Pattern.compile("wait=(\\d+)");
    static final Set<String> KNOWN_MEMBERS = Set.of("input", "durationMs", "fail");
    /** {@code "durationMs": 1e4} read by its leading digits, as JavaScript's {@code parseInt} reads it. */
    static final java.util.regex.Pattern LEADING_DIGITS = java.util.regex.Pattern.compile("\"durationMs\"\\s*:\\s*(\\d+)");

    public static final List<Mutant> ALL = List.of(
            mutant("lp-submit-waits", "LP-SUBMIT-1", "holds a submission up to 1.5 s for its job to end before answering 202",
                    (jobs, reference, r) -> r.post(JOBS, (req, res) -> valid(req, res, jobs).ifPresent(request -> {
                        Job job = jobs.submit(request);
                        job.awaitEnd(SUBMIT_HOLD);
                        JobResponses.accepted(res, JOBS, job);
                    }))),
            mutant("lp-runs-short-jobs", "LP-SUBMIT-1", "runs a job of up to " + SHORT_JOB.toSeconds() + " s to its end before answering 202",
                    (jobs, reference, r) -> r.post(JOBS, (req, res) -> valid(req, res, jobs).ifPresent(request -> {
                        Job job = jobs.submit(request);
                        if (request.durationMs() <= SHORT_JOB.toMillis()) {
                            job.awaitEnd(SHORT_JOB);
                        }
                        JobResponses.accepted(res, JOBS, job);
                    }))),
            mutant("lp-strict-members", "LP-SUBMIT-1", "refuses a submission with members it does not know (400)",
                    (jobs, reference, r) -> r.post(JOBS, (req, res) -> {
                        byte[] body = req.body();
                        JsonNode root = readTree(body);
                        if (root != null && root.isObject() && !KNOWN_MEMBERS.containsAll(fieldNames(root))) {
                            JobResponses.badRequest(res, "unknown members: only " + KNOWN_MEMBERS + " are allowed");
                            return;
                        }
                        submit(body, res, jobs);
                    })),
            new Mutant("lp-input-1000", "LP-SUBMIT-1", "refuses inputs longer than " + SHORT_INPUT_CHARS + " characters",
                    () -> r -> r.register(new LongPollingService(new Jobs(LongPollingLimits.DEFAULT.withMaxInputChars(SHORT_INPUT_CHARS))))),
            mutant("lp-input-bytes", "LP-SUBMIT-1", "limits inputs to " + INPUT_BYTES + " bytes of UTF-8 instead of "
                    + INPUT_BYTES + " characters", (jobs, reference, r) -> r.post(JOBS, (req, res) -> {
                        byte[] body = req.body();
                        JsonNode input = Optional.ofNullable(readTree(body)).map(n -> n.get("input")).orElse(null);
                        if (input != null && input.isTextual()
                                && input.textValue().getBytes(StandardCharsets.UTF_8).length > INPUT_BYTES) {
                            JobResponses.badRequest(res, "input is longer than " + INPUT_BYTES + " bytes");
                            return;
                        }
                        submit(body, res, jobs);
                    })),
            new Mutant("lp-clock-ids", "LP-SUBMIT-2", "makes handles from the clock's milliseconds, so submissions at once share one",
                    () -> r -> r.register(new LongPollingService(new Jobs(LongPollingLimits.DEFAULT,
                            () -> Long.toString(System.currentTimeMillis()))))),
            mutant("lp-lenient-submit", "LP-INVALID-1", "accepts anything: what is not a valid job becomes a 0 ms job on the raw body",
                    (jobs, reference, r) -> r.post(JOBS, (req, res) -> {
                        byte[] body = req.body();
                        JobRequest request;
                        try {
                            request = JobRequest.parse(body, jobs.limits());
                        } catch (JobRequest.Invalid e) {
                            request = new JobRequest(new String(body, StandardCharsets.UTF_8), 0, false);
                        }
                        JobResponses.accepted(res, JOBS, jobs.submit(request));
                    })),
            mutant("lp-leading-digits", "LP-INTEGER-1", "reads durationMs by its leading digits, as JavaScript's parseInt"
                    + " does, so that 1e4 is a 1 ms job", (jobs, reference, r) -> r.post(JOBS, (req, res) -> {
                        byte[] body = req.body();
                        JsonNode root = readTree(body);
                        Matcher digits = LEADING_DIGITS.matcher(new String(body, StandardCharsets.UTF_8));
                        if (root instanceof ObjectNode submission && digits.find()) {
                            submission.put("durationMs", Long.parseLong(digits.group(1)));
                            body = submission.toString().getBytes(StandardCharsets.UTF_8);
                        }
                        submit(body, res, jobs);
                    })),
            mutant("lp-untrimmed-result", "LP-RESULT-1", "compares the input with \"ping\" without trimming it",
                    (jobs, reference, r) -> r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        if (job.state() != Job.State.DONE) {
                            reference.handle(req, res);
                            return;
                        }
                        json(res, JSON.createObjectNode().put("id", job.id()).put("state", "done")
                                .put("result", job.request().input().equals("ping") ? "pong" : "").put("expiresInMs", 300_000));
                    }))),
            mutant("lp-short-poll", "LP-WAIT-1", "answers a wait at once with the job as it is: short polling in disguise",
                    (jobs, reference, r) -> r.get(JOB, onJob(jobs, reference, (req, res, job) -> JobResponses.current(res, job)))),
            mutant("lp-sleepy-wait", "LP-WAKE-1", "looks at the job once a second instead of being woken by its end",
                    (jobs, reference, r) -> r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        long deadline = System.nanoTime() + boundOf(req).toNanos();
                        while (job.state() == Job.State.PENDING && System.nanoTime() < deadline) {
                            pause(Math.min(RECHECK_MS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                        }
                        JobResponses.current(res, job);
                    }))),
            lostWakeUp(),
            singleWaiter(),
            successOnlyWakes(),
            mutant("lp-bound-408", "LP-BOUND-1", "answers 408 Request Timeout when a wait's bound passes",
                    (jobs, reference, r) -> r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        if (boundOf(req).isZero()) {
                            reference.handle(req, res);
                        } else if (job.awaitEnd(boundOf(req))) {
                            JobResponses.current(res, job);
                        } else {
                            res.status(Status.REQUEST_TIMEOUT).send();
                        }
                    }))),
            mutant("lp-wait-zero-holds", "LP-BOUND-1", "takes ?wait=0 for no bound (0 is false), holding the wait up to its"
                    + " maximum hold", (jobs, reference, r) -> r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        Duration bound = boundOf(req);
                        job.awaitEnd(bound.isZero() ? LongPollingLimits.DEFAULT.maxHold() : bound);
                        JobResponses.current(res, job);
                    }))),
            mutant("lp-bad-wait-as-zero", "LP-BADWAIT-1", "takes a wait it cannot read (?wait=abc) for 0 and answers the job's"
                    + " state at once", (jobs, reference, r) -> r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        if (req.query("wait").filter(w -> !w.matches("\\d+")).isPresent()) {
                            JobResponses.current(res, job);
                        } else {
                            reference.handle(req, res);
                        }
                    }))),
            shortHold("lp-hold-503", "LP-HOLD-1", "answers 503 when a wait without a bound reaches the maximum hold, as a container's async timeout does",
                    (jobs, reference, r) -> r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        if (req.query("wait").isPresent()) {
                            reference.handle(req, res);
                        } else if (job.awaitEnd(Duration.ofMillis(HOLD_MS))) {
                            JobResponses.current(res, job);
                        } else {
                            res.status(Status.SERVICE_UNAVAILABLE).send();
                        }
                    }))),
            shortHold("lp-hold-honours-any-bound", "LP-HOLD-2", "holds a wait as long as its ?wait says, past the maximum hold"
                    + " of " + HOLD_MS + " ms that applies to waits without one",
                    (jobs, reference, r) -> r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        if (req.query("wait").isPresent()) {
                            job.awaitEnd(boundOf(req)); // the fault: not lowered to the maximum hold
                            JobResponses.current(res, job);
                        } else {
                            reference.handle(req, res);
                        }
                    }))),
            resultOnce(),
            expiryFromSubmission(),
            mutant("lp-failed-no-expiry", "LP-FINISHED-1", "leaves expiresInMs out of a failed job's representation",
                    (jobs, reference, r) -> r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        job.awaitEnd(boundOf(req));
                        if (job.state() != Job.State.FAILED) {
                            JobResponses.current(res, job);
                            return;
                        }
                        ObjectNode failed = (ObjectNode) readTree(job.json());
                        failed.remove("expiresInMs");
                        json(res, failed);
                    }))),

            lazyJob(),
            mutant("lp-unknown-pending", "LP-UNKNOWN-1", "holds a wait on any handle, known or not, and answers pending at its bound",
                    (jobs, reference, r) -> r.get(JOB, (req, res) -> {
                        if (job(req, jobs).isPresent()) {
                            reference.handle(req, res);
                            return;
                        }
                        pause(boundOf(req).toMillis());
                        json(res, JSON.createObjectNode().put("id", req.pathParameter("id")).put("state", "pending"));
                    })),
            mutant("lp-no-retry-after", "LP-RETRY-1", "accepts a job without saying when to come back (no Retry-After)",
                    (jobs, reference, r) -> r.post(JOBS, (req, res) -> valid(req, res, jobs).ifPresent(request -> {
                        Job job = jobs.submit(request);
                        res.status(Status.ACCEPTED).header("Location", JOBS + "/" + job.id());
                        JobResponses.current(res, job);
                    }))),
            mutant("lp-fractional-retry-after", "LP-RETRY-1", "writes Retry-After as the job's duration in seconds with a"
                    + " fraction (1.5), which is not delay-seconds", (jobs, reference, r) -> r.post(JOBS, (req, res) -> valid(req, res, jobs)
                    .ifPresent(request -> {
                        Job job = jobs.submit(request);
                        res.status(Status.ACCEPTED).header("Location", JOBS + "/" + job.id())
                                .header("Retry-After", BigDecimal.valueOf(request.durationMs(), 3)
                                        .stripTrailingZeros().toPlainString());
                        JobResponses.current(res, job);
                    }))),
            mutant("lp-cacheable", "LP-CACHE-1", "lets caches keep the 202 for a minute (Cache-Control: max-age=60)",
                    (jobs, reference, r) -> r.post(JOBS, (req, res) -> valid(req, res, jobs).ifPresent(request -> {
                        Job job = jobs.submit(request);
                        res.status(Status.ACCEPTED).header("Location", JOBS + "/" + job.id())
                                .header("Retry-After", "1").header("Cache-Control", "max-age=60")
                                .header("Content-Type", "application/json").send(job.json());
                    }))),
            mutant("lp-pending-cacheable", "LP-CACHE-1", "answers a wait whose bound has passed from its timeout path, which"
                    + " sets no Cache-Control", (jobs, reference, r) -> r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        if (boundOf(req).isZero() || job.awaitEnd(boundOf(req))) {
                            JobResponses.current(res, job);
                            return;
                        }
                        res.header("Content-Type", "application/json").send(job.json());
                    }))),
            mutant("lp-waits-keep-slots", "LP-ABANDON-1", "serves waits from " + WAIT_SLOTS + " slots, and a wait whose client left keeps its slot for as long as it would have waited",
                    (jobs, reference, r) -> {
                        Semaphore slots = new Semaphore(WAIT_SLOTS);
                        r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                            if (!slots.tryAcquire()) {
                                JobResponses.unavailable(res, "all " + WAIT_SLOTS + " wait slots are taken");
                                return;
                            }
                            try {
                                job.awaitEnd(boundOf(req)); // a client that left is not noticed: the slot stays taken
                            } finally {
                                slots.release();
                            }
                            JobResponses.current(res, job);
                        }));
                    }),
            mutant("lp-prefer-over-query", "LP-PREFER-2", "honours Prefer: wait, and lets it win over the query's ?wait",
                    (jobs, reference, r) -> r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        Optional<Matcher> prefer = req.header(PREFER).map(PREFER_WAIT::matcher).filter(Matcher::find);
                        if (prefer.isEmpty()) {
                            reference.handle(req, res);
                            return;
                        }
                        job.awaitEnd(Duration.ofSeconds(Long.parseLong(prefer.get().group(1))));
                        JobResponses.current(res, job);
                    }))));

    private LongPollingMutants() {
    }

    /**
     * The faulty routes of a mutant, given the jobs they share with the reference service registered after them, and
     * that service's routes, to which they hand the requests their fault does not concern.
     */
    @FunctionalInterface
    private interface Fault {
        void add(Jobs jobs, Handler reference, Routes routes);
    }

    /** A mutant whose faulty routes come before the reference service, on the same jobs. */
    private static Mutant mutant(String id, String breaks, String description, Fault fault) {
        return new Mutant(id, breaks, description, () -> routes(LongPollingLimits.DEFAULT, fault));
    }

    /** A mutant as above whose service holds a wait at most {@link #HOLD_MS}, as the run is told. */
    private static Mutant shortHold(String id, String breaks, String description, Fault fault) {
        return new Mutant(id, breaks, description,
                () -> routes(LongPollingLimits.DEFAULT.withMaxHold(Duration.ofMillis(HOLD_MS)), fault),
                Map.of("commtck.long-polling.max-hold-ms", Long.toString(HOLD_MS)));
    }

    /** The faulty routes, then the reference service's, on fresh jobs with these limits (per server). */
    private static Consumer<Routes> routes(LongPollingLimits limits, Fault fault) {
        Jobs jobs = new Jobs(limits);
        LongPollingService service = new LongPollingService(jobs);
        Handler reference = new ReferenceRoutes(service);
        return r -> {
            fault.add(jobs, reference, r);
            r.register(service);
        };
    }

    /** Waiters register after they saw the job pending; its end wakes those registered then, and no later ones. */
    private static Mutant lostWakeUp() {
        return mutant("lp-lost-wakeup", "LP-WAKE-2", "registers a waiter after checking the job, so an end in between is never seen",
                (jobs, reference, r) -> {
                    Map<String, Queue<CountDownLatch>> waiting = new ConcurrentHashMap<>();
                    r.post(JOBS, (req, res) -> valid(req, res, jobs).ifPresent(request -> {
                        Job job = jobs.submit(request);
                        Queue<CountDownLatch> registered = waiting.computeIfAbsent(job.id(), id -> new ConcurrentLinkedQueue<>());
                        job.end().thenRun(() -> registered.forEach(CountDownLatch::countDown));
                        JobResponses.accepted(res, JOBS, job);
                    }));
                    r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        if (job.state() != Job.State.PENDING || boundOf(req).isZero()) {
                            reference.handle(req, res);
                            return;
                        }
                        pause(REGISTRATION_GAP_MS); // the fault: the job may end here, before this waiter is registered
                        CountDownLatch woken = new CountDownLatch(1);
                        waiting.get(job.id()).add(woken);
                        await(woken, boundOf(req));
                        JobResponses.current(res, job);
                    }));
                });
    }

    /** One waiter slot per job: each new waiter takes the place of the one before, which then waits out its bound. */
    private static Mutant singleWaiter() {
        return mutant("lp-single-waiter", "LP-FANOUT-1", "keeps one waiter per job: a new waiter replaces the last, which is never woken",
                (jobs, reference, r) -> {
                    Map<String, CountDownLatch> waiter = new ConcurrentHashMap<>();
                    r.post(JOBS, (req, res) -> valid(req, res, jobs).ifPresent(request -> {
                        Job job = jobs.submit(request);
                        job.end().thenRun(() -> Optional.ofNullable(waiter.get(job.id())).ifPresent(CountDownLatch::countDown));
                        JobResponses.accepted(res, JOBS, job);
                    }));
                    r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        CountDownLatch mine = new CountDownLatch(1);
                        waiter.put(job.id(), mine);
                        if (job.state() == Job.State.PENDING) { // registered first, then checked: no lost wake-up
                            await(mine, boundOf(req));
                        }
                        JobResponses.current(res, job);
                    }));
                });
    }

    /** Waiters are woken by a job that succeeds; one that fails leaves them to their bound. */
    private static Mutant successOnlyWakes() {
        return mutant("lp-success-only-wakes", "LP-FAIL-1", "wakes waiters only when a job succeeds; a failed job leaves them to their bound",
                (jobs, reference, r) -> {
                    Map<String, CountDownLatch> succeeded = new ConcurrentHashMap<>();
                    r.post(JOBS, (req, res) -> valid(req, res, jobs).ifPresent(request -> {
                        Job job = jobs.submit(request);
                        CountDownLatch signal = succeeded.computeIfAbsent(job.id(), id -> new CountDownLatch(1));
                        job.end().thenRun(() -> {
                            if (job.state() == Job.State.DONE) {
                                signal.countDown();
                            }
                        });
                        JobResponses.accepted(res, JOBS, job);
                    }));
                    r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        if (job.state() == Job.State.PENDING) {
                            await(succeeded.get(job.id()), boundOf(req));
                        }
                        JobResponses.current(res, job);
                    }));
                });
    }

    /** A finished job's outcome is handed out once; after that the handle is unknown. */
    private static Mutant resultOnce() {
        return mutant("lp-result-once", "LP-FINISHED-1", "forgets a finished job once its outcome has been delivered",
                (jobs, reference, r) -> {
                    Set<String> delivered = ConcurrentHashMap.newKeySet();
                    r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        if (job.state() != Job.State.PENDING && !delivered.add(job.id())) {
                            res.status(Status.NOT_FOUND).send();
                            return;
                        }
                        if (job.awaitEnd(boundOf(req))) {
                            delivered.add(job.id());
                        }
                        JobResponses.current(res, job);
                    }));
                });
    }

    /** The job is started by the first wait on it, so a job nobody waits on never runs. */
    private static Mutant lazyJob() {
        return mutant("lp-lazy-job", "LP-DETACH-1", "starts a job only when a client first waits on it, so a submitter that left finds it not begun",
                (jobs, reference, r) -> {
                    Set<Job> notStarted = ConcurrentHashMap.newKeySet();
                    r.post(JOBS, (req, res) -> valid(req, res, jobs).ifPresent(request -> {
                        Job job = jobs.create(request);
                        notStarted.add(job);
                        JobResponses.accepted(res, JOBS, job);
                    }));
                    r.get(JOB, (req, res) -> {
                        job(req, jobs).filter(notStarted::remove).ifPresent(jobs::start);
                        reference.handle(req, res);
                    });
                });
    }

    /** Forgets a finished job 60 s after its submission, and says so in expiresInMs: its end is not counted from. */
    private static Mutant expiryFromSubmission() {
        return mutant("lp-expiry-from-submission", "LP-FINISHED-1", "keeps a finished job " + KEPT_FROM_SUBMISSION.toSeconds()
                + " s from its submission rather than its end, and says so in expiresInMs", (jobs, reference, r) -> {
                    Map<String, Long> submitted = new ConcurrentHashMap<>();
                    r.post(JOBS, (req, res) -> valid(req, res, jobs).ifPresent(request -> {
                        long at = System.nanoTime();
                        Job job = jobs.submit(request);
                        submitted.put(job.id(), at);
                        JobResponses.accepted(res, JOBS, job);
                    }));
                    r.get(JOB, onJob(jobs, reference, (req, res, job) -> {
                        job.awaitEnd(boundOf(req));
                        if (job.state() == Job.State.PENDING) {
                            JobResponses.current(res, job);
                            return;
                        }
                        ObjectNode finished = (ObjectNode) readTree(job.json());
                        long since = (System.nanoTime() - submitted.get(job.id())) / 1_000_000;
                        json(res, finished.put("expiresInMs", Math.max(0, KEPT_FROM_SUBMISSION.toMillis() - since)));
                    }));
                });
    }

    /** Submits the job a body describes and answers 202, or refuses it with 400. */
    private static void submit(byte[] body, Response res, Jobs jobs) {
        valid(body, res, jobs).ifPresent(request -> JobResponses.accepted(res, JOBS, jobs.submit(request)));
    }

    /** The submission's job request, or a 400 already sent. */
    private static Optional<JobRequest> valid(Request req, Response res, Jobs jobs) {
        return valid(req.body(), res, jobs);
    }

    private static Optional<JobRequest> valid(byte[] body, Response res, Jobs jobs) {
        try {
            return Optional.of(JobRequest.parse(body, jobs.limits()));
        } catch (JobRequest.Invalid e) {
            JobResponses.badRequest(res, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Job> job(Request req, Jobs jobs) {
        return jobs.find(req.pathParameter("id"));
    }

    /** What a faulty route does with a wait on a job the server holds. */
    private interface JobHandler {
        void handle(Request req, Response res, Job job) throws Exception;
    }

    /** A route for waits on known jobs; an unknown handle goes on to the reference, which answers 404. */
    private static Handler onJob(Jobs jobs, Handler reference, JobHandler handler) {
        return (req, res) -> {
            Optional<Job> found = job(req, jobs);
            if (found.isEmpty()) {
                reference.handle(req, res);
            } else {
                handler.handle(req, res, found.get());
            }
        };
    }

    /** The wait's bound as the kit sends it ({@code ?wait=N}), else the reference's maximum hold. */
    private static Duration boundOf(Request req) {
        return req.query("wait").map(Long::parseLong).map(Duration::ofSeconds)
                .orElse(LongPollingLimits.DEFAULT.maxHold());
    }

    /** The body as JSON, or null when it is not JSON (the reference's parsing then refuses it). */
    private static JsonNode readTree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void json(Response res, ObjectNode body) {
        res.header("Cache-Control", "no-store").header("Content-Type", "application/json")
                .send(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void await(CountDownLatch latch, Duration bound) {
        try {
            latch.await(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
        }
    }
}
