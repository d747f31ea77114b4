package dev.commtck.tck.longpolling;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.HttpProbe;
import dev.commtck.tck.support.NotApplicable;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.TimeoutFailure;
import dev.commtck.tck.support.Tolerances;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Waits that end before their job: at the client's bound, at the server's maximum hold, at a preferred wait. */
@ConformanceSuite(Pattern.LONG_POLLING)
@DisplayName("long-polling: still pending")
class BoundTest {

    /** The bound these checks ask for, in seconds: the smallest one that is not a status check. */
    static final long BOUND_SECONDS = 1;
    /** A job that outlasts the bound by far. */
    static final long LONG_JOB_MS = 10_000;
    /** The longest job every server accepts; the maximum hold is checked on it. */
    static final long LONGEST_JOB_MS = 60_000;

    @Test
    @Verifies("LP-BOUND-1")
    @DisplayName("a wait with ?wait=1 on a 10 s job is answered 200 pending after 1 s")
    void boundIsAnsweredPending(Target target) {
        JobsClient jobs = new JobsClient(target);
        JobsClient.Submitted job = jobs.submit(JobOrder.of("ping", LONG_JOB_MS));
        expectPendingAfter(target, jobs, jobs.waitOn(job.id(), "?wait=" + BOUND_SECONDS), Duration.ofSeconds(BOUND_SECONDS),
                "the wait's bound (?wait=" + BOUND_SECONDS + ")");
    }

    @Test
    @Verifies("LP-BOUND-1")
    @DisplayName("a wait with ?wait=0 on a 10 s job is a status check: answered 200 pending at once")
    void zeroBoundIsAStatusCheck(Target target) {
        JobsClient jobs = new JobsClient(target);
        JobsClient.Submitted job = jobs.submit(JobOrder.of("ping", LONG_JOB_MS));
        Duration fast = target.tolerances().fast();
        Exchange ex = jobs.answerWithin(jobs.waitOn(job.id(), "?wait=0"), fast, "200 pending within " + fast.toMillis()
                + " ms (tolerance 'fast'): wait=0 is a bound of none, not the absence of one");
        Expect.status(ex, 200);
        JobView view = JobView.of(ex);
        Expect.that(view.state().equals(JobView.PENDING), "state pending: the job runs on", "it said " + view.describe(), ex);
    }

    static Stream<Named<String>> malformedWaits() {
        return Stream.of(Named.of("a word", "abc"), Named.of("a negative number", "-1"), Named.of("a fraction", "1.5"),
                Named.of("an exponent", "1e2"), Named.of("nothing", ""));
    }

    @ParameterizedTest(name = "a wait whose bound is {0} is answered 400 at once")
    @MethodSource("malformedWaits")
    @Verifies("LP-BADWAIT-1")
    void malformedBoundIsRefused(String wait, Target target) {
        JobsClient jobs = new JobsClient(target);
        JobsClient.Submitted job = jobs.submit(JobOrder.of("ping", LONG_JOB_MS));
        Duration fast = target.tolerances().fast();
        Exchange ex = jobs.answerWithin(jobs.waitOn(job.id(), "?wait=" + wait), fast, "400 within " + fast.toMillis()
                + " ms (tolerance 'fast') to ?wait=" + wait);
        Expect.that(ex.status() == 400, "400 to ?wait=" + wait + ": not a non-negative integer",
                "the status was " + ex.status() + " " + Text.quoteBytes(ex.body()), ex);
    }

    @Test
    @Verifies("LP-HOLD-1")
    @DisplayName("a wait without a bound is answered 200 pending at the stated maximum hold")
    void maximumHoldIsAnsweredPending(Target target) {
        expectPendingAtTheHold(target, hold -> "");
    }

    @Test
    @Verifies("LP-HOLD-2")
    @DisplayName("a wait whose bound is above the stated maximum hold is answered 200 pending at the hold")
    void boundAboveTheHoldIsLowered(Target target) {
        // past the hold by more than 'wake' and a second: a bound that is honoured shows as an answer that late
        expectPendingAtTheHold(target, hold -> "?wait=" + ((hold + target.tolerances().wake().toMillis()) / 1000 + 2));
    }

    /** Sends a wait with the query made from the stated maximum hold, on a job that outlasts it: pending at the hold. */
    private static void expectPendingAtTheHold(Target target, LongFunction<String> query) {
        long hold = target.settings().setting(Pattern.LONG_POLLING, "max-hold-ms").map(Long::parseLong)
                .orElseThrow(() -> new NotApplicable("the run does not state the server's maximum hold "
                        + "(long-polling.max-hold-ms); checking it takes as long as the hold"));
        Duration wake = target.tolerances().wake();
        if (hold + wake.toMillis() >= LONGEST_JOB_MS) {
            throw new NotApplicable("a maximum hold of " + hold + " ms is checked on a job that outlasts it, and the "
                    + "longest job every server accepts is " + LONGEST_JOB_MS + " ms");
        }
        Tolerances base = target.tolerances();
        // this one answer may take as long as the hold: a probe whose bound on a response is the hold
        Tolerances holding = new Tolerances(base.multiplier(), base.fast(), wake, base.quiet(),
                Duration.ofMillis(hold).plus(wake).plus(base.fast()), base.parameter());
        JobsClient jobs = new JobsClient(target);
        JobsClient.Submitted job = jobs.submit(JobOrder.of("ping", LONGEST_JOB_MS));
        try (HttpProbe probe = new HttpProbe(target.endpoint(), holding, target.evidence())) {
            String q = query.apply(hold);
            expectPending(target, probe.send(jobs.waitOn(job.id(), q)), Duration.ofMillis(hold),
                    "the maximum hold (" + hold + " ms)" + (q.isEmpty() ? "" : ", below the bound " + q));
        }
    }

    @Test
    @Verifies("LP-PREFER-1")
    @DisplayName("a wait with Prefer: wait=1 on a 10 s job is answered 200 pending after 1 s")
    void preferWaitIsHonoured(Target target) {
        Optional<Boolean> declared = preferWaitDeclaration(target);
        JobsClient jobs = new JobsClient(target);
        JobsClient.Submitted job = jobs.submit(JobOrder.of("ping", LONG_JOB_MS));
        expectPreferredWait(target, jobs, job, declared);
    }

    /** Whether the run declares that the server honours {@code Prefer: wait} (empty: it does not say); N/A if not. */
    private static Optional<Boolean> preferWaitDeclaration(Target target) {
        Optional<Boolean> declared = target.settings().capability(Pattern.LONG_POLLING, "prefer-wait");
        if (declared.equals(Optional.of(false))) {
            throw new NotApplicable("the server is declared not to honour Prefer: wait");
        }
        return declared;
    }

    /**
     * A wait with {@code Prefer: wait=1} and no query is answered pending after 1 s; a server that holds it longer and
     * is not declared to honour the preference is taken not to offer it (N/A).
     */
    private static void expectPreferredWait(Target target, JobsClient jobs, JobsClient.Submitted job, Optional<Boolean> declared) {
        Request wait = jobs.waitOn(job.id(), "").header("Prefer", "wait=" + BOUND_SECONDS);
        try {
            expectPendingAfter(target, jobs, wait, Duration.ofSeconds(BOUND_SECONDS), "the preferred wait (Prefer: wait="
                    + BOUND_SECONDS + ")");
        } catch (TimeoutFailure held) {
            if (declared.isEmpty()) {
                throw new NotApplicable("the server held the wait past Prefer: wait=" + BOUND_SECONDS
                        + ", so it does not honour the preference (declare capability.long-polling.prefer-wait to require it)");
            }
            throw held;
        }
    }

    @Test
    @Verifies("LP-PREFER-2")
    @DisplayName("a wait with both ?wait and Prefer: wait is answered at the query's bound, the shorter and the longer")
    void queryBoundTakesPrecedence(Target target) {
        Optional<Boolean> declared = preferWaitDeclaration(target);
        JobsClient jobs = new JobsClient(target);
        JobsClient.Submitted job = jobs.submit(JobOrder.of("ping", LONG_JOB_MS));
        Duration wake = target.tolerances().wake();
        // the longer bound lies more than 'wake' past the shorter one, so that the answer tells which one was applied
        long shorter = BOUND_SECONDS; // the bound of the preferred wait the capability is detected with
        long longer = shorter + (2 * wake.toMillis() + 999) / 1000;
        List<Callable<Void>> waits = new ArrayList<>();
        if (declared.isEmpty()) {
            // first, so that a server without the capability is N/A whatever its other answers say
            waits.add(() -> {
                expectPreferredWait(target, jobs, job, declared);
                return null;
            });
        }
        for (long[] bounds : new long[][] {{shorter, longer}, {longer, shorter}}) {
            long query = bounds[0];
            long preferred = bounds[1];
            waits.add(() -> {
                expectPendingAfter(target, jobs, jobs.waitOn(job.id(), "?wait=" + query).header("Prefer", "wait=" + preferred),
                        Duration.ofSeconds(query), "the query's bound (?wait=" + query + ", with Prefer: wait=" + preferred + ")");
                return null;
            });
        }
        Lanes.run(waits, Duration.ofSeconds(longer).plus(wake).plus(target.tolerances().fast().multipliedBy(2)),
                "the waits with both bounds");
    }

    /** Sends the wait and expects {@code 200 pending} once {@code bound} has passed, and within 'wake' after it. */
    private static void expectPendingAfter(Target target, JobsClient jobs, Request wait, Duration bound, String what) {
        Duration limit = bound.plus(target.tolerances().wake()).plus(target.tolerances().fast());
        Exchange ex = jobs.answerWithin(wait, limit, "200 pending within " + target.tolerances().wake().toMillis()
                + " ms (tolerance 'wake') after " + what);
        expectPending(target, ex, bound, what);
    }

    private static void expectPending(Target target, Exchange ex, Duration bound, String what) {
        long wake = target.tolerances().wake().toMillis();
        Expect.that(ex.status() == 200, "200 with the pending representation once " + what + " passed (not an error)",
                "the status was " + ex.status() + " after " + ex.elapsedMs() + " ms", ex);
        JobView view = JobView.of(ex);
        Expect.that(view.state().equals(JobView.PENDING), "state pending: the job runs on", "it said " + view.describe(), ex);
        Expect.that(ex.elapsedMs() >= bound.toMillis() - JobsClient.CLOCK_SLACK_MS, "no answer before " + what + " had passed",
                "it came after " + ex.elapsedMs() + " ms", ex);
        Expect.that(target.evidence().withinAllowingForTheKit(ex.startMs(), ex.endMs(), bound.toMillis() + wake),
                "the answer within " + wake + " ms (tolerance 'wake') of " + what,
                "it came after " + ex.elapsedMs() + " ms", ex);
    }
}
