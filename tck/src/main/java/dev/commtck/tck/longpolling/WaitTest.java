package dev.commtck.tck.longpolling;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Waiting on a handle: held until the job ends, woken promptly, all waiters released, failures too. */
@ConformanceSuite(Pattern.LONG_POLLING)
@DisplayName("long-polling: waiting on a job")
class WaitTest {

    /** How long the jobs that waits are held on run: long enough to tell "held" from "answered at once". */
    static final long JOB_MS = 200;
    static final int WAITERS = 20;
    static final int FINISHED_READS = 3;
    /** How long the contract keeps a finished job, at least, after its end. */
    static final long KEPT_MS = 60_000;

    static Stream<Named<String>> inputs() {
        return Stream.of(Named.of("\"ping\"", "ping"), Named.of("\" ping\\n\"", " ping\n"), Named.of("\"\\tping \"", "\tping "),
                Named.of("\"Ping\"", "Ping"), Named.of("\"pong\"", "pong"), Named.of("\"pingping\"", "pingping"),
                Named.of("\"\" (empty)", ""));
    }

    @ParameterizedTest(name = "a job with input {0} finishes done with the request-response answer")
    @MethodSource("inputs")
    @Verifies("LP-RESULT-1")
    void jobYieldsTheRequestResponseAnswer(String input, Target target) {
        JobsClient jobs = new JobsClient(target);
        JobOrder order = JobOrder.of(input, 0);
        JobsClient.Submitted job = jobs.submit(order);
        Exchange ex = target.http().send(jobs.waitOn(job.id(), jobs.boundQuery()));
        Expect.status(ex, 200);
        JobView view = JobView.of(ex);
        Expect.that(view.state().equals(JobView.DONE) && view.result().equals(Optional.of(order.expectedResult())),
                "state done with the result " + Text.quote(order.expectedResult()), "the answer said " + view.describe(), ex);
    }

    @Test
    @Verifies("LP-WAIT-1")
    @DisplayName("waits on a 200 ms job, with and without a bound, are answered done, and not before the job's end")
    void waitIsHeldUntilTheJobHasFinished(Target target) {
        JobsClient jobs = new JobsClient(target);
        JobsClient.Submitted job = jobs.submit(JobOrder.of("ping", JOB_MS));
        Request unbounded = jobs.waitOn(job.id(), "");
        Request bounded = jobs.waitOn(job.id(), jobs.boundQuery());
        CompletableFuture<Exchange> first = target.http().sendAsync(unbounded);
        CompletableFuture<Exchange> second = target.http().sendAsync(bounded);
        for (Exchange ex : List.of(target.http().await(first, unbounded), target.http().await(second, bounded))) {
            Expect.status(ex, 200);
            JobView view = JobView.of(ex);
            Expect.that(view.state().equals(JobView.DONE), "the wait answered only once the job had finished (state done)",
                    "it was answered after " + ex.elapsedMs() + " ms with " + view.describe(), job.exchange(), ex);
            Expect.that(ex.endMs() >= job.earliestEndMs(), "no answer before the job's " + JOB_MS + " ms had passed",
                    "the answer came " + (ex.endMs() - job.exchange().startMs()) + " ms after the submission was sent",
                    job.exchange(), ex);
        }
    }

    @Test
    @Verifies("LP-WAKE-1")
    @DisplayName("a wait on a 200 ms job is answered within 'wake' of the job's end")
    void waitIsAnsweredPromptlyWhenTheJobEnds(Target target) {
        JobsClient jobs = new JobsClient(target);
        JobsClient.Submitted job = jobs.submit(JobOrder.of("ping", JOB_MS));
        Exchange ex = target.http().send(jobs.waitOn(job.id(), jobs.boundQuery()));
        long wake = target.tolerances().wake().toMillis();
        Expect.status(ex, 200);
        JobView view = JobView.of(ex);
        Expect.that(view.state().equals(JobView.DONE), "the wait answered done when the job ended",
                "it said " + view.describe() + " after " + ex.elapsedMs() + " ms", job.exchange(), ex);
        Expect.that(ex.endMs() <= job.latestEndMs() + wake, "the answer within " + wake + " ms (tolerance 'wake') of the job's end",
                "it came " + (ex.endMs() - job.latestEndMs()) + " ms after it", job.exchange(), ex);
    }

    @Test
    @Verifies("LP-FANOUT-1")
    @DisplayName("20 waits on one job are all released by its end, with the same result")
    void everyWaiterIsReleased(Target target) {
        JobsClient jobs = new JobsClient(target);
        JobsClient.Submitted job = jobs.submit(JobOrder.of("ping", JOB_MS));
        List<Exchange> unreleased = new ArrayList<>();
        JobView first = null;
        for (Exchange ex : jobs.waitTogether(job.id(), WAITERS)) {
            if (!jobs.wokenByTheEnd(ex, JobView.DONE)) {
                unreleased.add(ex);
            } else if (first == null) {
                first = JobView.of(ex);
            } else {
                Expect.that(JobView.of(ex).sameOutcome(first), "the same representation in every waiter's answer",
                        "one said " + first.describe() + ", another " + JobView.of(ex).describe(), ex);
            }
        }
        Expect.that(unreleased.isEmpty(), "all " + WAITERS + " waits answered 200 done by the job's end",
                unreleased.size() + " were answered only at their bound of " + jobs.boundSeconds() + " s (or otherwise)",
                unreleased.toArray(Exchange[]::new));
    }

    @Test
    @Verifies("LP-FAIL-1")
    @DisplayName("a job that fails wakes its waiter with state failed and an error, and stays failed")
    void failureWakesTheWaiters(Target target) {
        JobsClient jobs = new JobsClient(target);
        JobsClient.Submitted job = jobs.submit(JobOrder.failing(JOB_MS));
        Exchange ex = target.http().send(jobs.waitOn(job.id(), jobs.boundQuery()));
        Expect.that(jobs.wokenByTheEnd(ex, JobView.FAILED), "the wait answered 200 failed by the job's end",
                "after " + ex.elapsedMs() + " ms it was answered " + ex.status() + " " + Text.quoteBytes(ex.body()), job.exchange(), ex);
        JobView first = JobView.of(ex);
        Expect.that(first.error().filter(e -> !e.isEmpty()).isPresent(), "a non-empty error in the failed representation",
                "it said " + first.describe(), ex);
        Exchange again = target.http().send(jobs.waitOn(job.id(), "?wait=0"));
        Expect.status(again, 200);
        JobView later = JobView.of(again);
        Expect.that(later.sameOutcome(first),
                "a later request to get the same failure", "it said " + later.describe(), ex, again);
    }

    @Test
    @Verifies("LP-FINISHED-1")
    @DisplayName("a job done and one failed after 2 s are answered at once, three times alike, and kept 60 s from their end")
    void finishedJobIsAnsweredAtOnceRepeatedly(Target target) {
        JobsClient jobs = new JobsClient(target);
        long fast = target.tolerances().fast().toMillis();
        // longer than 'fast': a server that counts the 60 s from the submission says so in expiresInMs
        long durationMs = 2 * fast;
        List<JobsClient.Submitted> finished = List.of(jobs.submit(JobOrder.of("ping", durationMs)),
                jobs.submit(JobOrder.failing(durationMs)));
        for (JobsClient.Submitted job : finished) {
            String state = job.order().fail() ? JobView.FAILED : JobView.DONE;
            Exchange end = target.http().send(jobs.waitOn(job.id(), jobs.boundQuery()));
            Expect.that(jobs.wokenByTheEnd(end, state), "a " + durationMs + " ms job to end " + state,
                    "the wait was answered " + end.status() + " " + Text.quoteBytes(end.body()), job.exchange(), end);
            JobView first = JobView.of(end);
            for (String query : List.of("", jobs.boundQuery(), "?wait=0")) {
                for (int i = 0; i < FINISHED_READS; i++) {
                    Exchange ex = target.http().send(jobs.waitOn(job.id(), query));
                    Expect.status(ex, 200);
                    JobView view = JobView.of(ex);
                    Expect.that(view.sameOutcome(first), "the same representation (" + first.describe() + ") on every request",
                            "it said " + view.describe(), end, ex);
                    Expect.that(ex.elapsedMs() <= fast, "the finished job answered within " + fast + " ms (tolerance 'fast')",
                            "it took " + ex.elapsedMs() + " ms", ex);
                    // the job ended no sooner than its duration after its submission was sent, so no more than this has
                    // passed since its end when the answer was read; 'fast' allows for the server's clock and rounding
                    long sinceEnd = ex.endMs() - job.earliestEndMs();
                    long least = KEPT_MS - sinceEnd - fast;
                    Expect.that(view.expiresInMs().filter(ms -> ms >= least).isPresent(),
                            "expiresInMs of at least " + least + " (" + KEPT_MS + " ms after the job's end, which was at most "
                                    + sinceEnd + " ms before this answer, less 'fast')",
                            view.expiresInMs().map(ms -> "it was " + ms).orElse("there was no integer expiresInMs"),
                            job.exchange(), ex);
                }
            }
        }
    }

    @Test
    @Verifies("LP-UNKNOWN-1")
    @DisplayName("a handle the server never issued is answered 404 at once, with or without a bound")
    void unknownHandleIsAnswered404(Target target) {
        JobsClient jobs = new JobsClient(target);
        String unknown = "commtck-no-such-job-" + UUID.randomUUID();
        Duration fast = target.tolerances().fast();
        for (String query : List.of("", jobs.boundQuery())) {
            Request wait = jobs.waitOn(unknown, query);
            Exchange ex = jobs.answerWithin(wait, fast, "404 within " + fast.toMillis() + " ms (tolerance 'fast')");
            Expect.status(ex, 404);
        }
    }
}
