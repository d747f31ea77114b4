package dev.commtck.tck.longpolling;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.Waits;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Submitting jobs: a handle at once, unique handles, invalid submissions refused, the headers of the 202. */
@ConformanceSuite(Pattern.LONG_POLLING)
@DisplayName("long-polling: submitting a job")
class SubmitTest {

    static final int CONCURRENT_SUBMISSIONS = 50;
    /** The job whose 202 must carry {@code Retry-After}: 1.5 s, which a careless server writes as "1.5". */
    static final long RETRY_JOB_MS = 1500;
    /** The durationMs the spelled-out numbers of LP-INTEGER-1 equal: 10 s, far from anything their digits could mean. */
    static final long SPELLED_JOB_MS = 10_000;

    /** The longest job every server accepts (the contract's maximum {@code durationMs}). */
    static final long LONGEST_JOB_MS = 60_000;

    @Test
    @Verifies("LP-SUBMIT-1")
    @DisplayName("jobs of 1.2 s to 60 s are each accepted at once: 202, Location, id, pending")
    void submissionIsAcceptedAtOnceWithAHandle(Target target) {
        JobsClient jobs = new JobsClient(target);
        long fast = target.tolerances().fast().toMillis();
        for (long durationMs : durationsPast(target)) {
            JobOrder order = JobOrder.of("ping", durationMs);
            Exchange ex = target.http().send(jobs.submission(order));
            Expect.that(ex.elapsedMs() <= fast, "the submission of a " + durationMs + " ms job answered within " + fast
                    + " ms (tolerance 'fast')", "it took " + ex.elapsedMs() + " ms", ex);
            String id = jobs.handleOf(ex.status(), ex.header("location"), ex.body(), ex.uri(), ex);
            Expect.mediaType(ex, "application/json");
            JobView view = JobView.of(ex);
            Expect.that(view.state().equals(JobView.PENDING), "the 202's body to say state pending: the " + durationMs
                    + " ms job cannot have ended", "it said " + view.describe(), ex);
            target.evidence().note("a " + durationMs + " ms job accepted at once, handle " + id);
        }
    }

    /**
     * Job durations from just past 'fast' to the longest every server accepts: a server that runs a job to its end
     * before answering, for jobs up to any of these, answers one of them late.
     */
    static List<Long> durationsPast(Target target) {
        long fast = target.tolerances().fast().toMillis();
        return Stream.of(fast + target.tolerances().quiet().toMillis(), 2 * fast,
                        target.tolerances().response().toMillis() + fast, LONGEST_JOB_MS)
                .map(ms -> Math.min(ms, LONGEST_JOB_MS)).distinct().toList();
    }

    /** A submission the contract calls valid, and the result its job yields (none looked at: a job still running). */
    record ValidSubmission(String json, Optional<String> result) {
    }

    static Stream<Named<ValidSubmission>> validSubmissions() {
        String padded = " ".repeat(510) + "ping" + " ".repeat(510);
        return Stream.of(
                Named.of("members the contract does not name", new ValidSubmission(
                        "{\"input\":\"ping\",\"priority\":\"high\",\"tags\":[\"a\",{\"b\":null}],\"durationMs\":0}",
                        Optional.of("pong"))),
                Named.of("an input of 1,024 characters", new ValidSubmission(JobOrder.of(padded, 0).json(), Optional.of("pong"))),
                Named.of("an input of 1,024 multi-byte characters (2,560 bytes of UTF-8)",
                        new ValidSubmission(JobOrder.of("\u00e9\u4e16".repeat(512), 0).json(), Optional.of(""))),
                Named.of("no durationMs (0)", new ValidSubmission("{\"input\":\"ping\"}", Optional.of("pong"))),
                Named.of("fail: false", new ValidSubmission("{\"input\":\" ping\",\"fail\":false,\"durationMs\":0}",
                        Optional.of("pong"))),
                Named.of("the longest durationMs every server accepts (60,000)",
                        new ValidSubmission(JobOrder.of("ping", LONGEST_JOB_MS).json(), Optional.empty())));
    }

    @ParameterizedTest(name = "a submission with {0} is accepted at once")
    @MethodSource("validSubmissions")
    @Verifies("LP-SUBMIT-1")
    void validSubmissionIsAccepted(ValidSubmission submission, Target target) {
        JobsClient jobs = new JobsClient(target);
        long fast = target.tolerances().fast().toMillis();
        Exchange ex = target.http().send(jobs.submission(submission.json()));
        String id = jobs.handleOf(ex.status(), ex.header("location"), ex.body(), ex.uri(), ex);
        Expect.that(ex.elapsedMs() <= fast, "the submission answered within " + fast + " ms (tolerance 'fast')",
                "it took " + ex.elapsedMs() + " ms", ex);
        if (submission.result().isPresent()) {
            Exchange end = target.http().send(jobs.waitOn(id, jobs.boundQuery()));
            Expect.that(jobs.wokenByTheEnd(end, JobView.DONE) && JobView.of(end).result().equals(submission.result()),
                    "the job done with the result " + Text.quote(submission.result().get()) + " for the whole input",
                    "the wait was answered " + end.status() + " " + Text.quoteBytes(end.body()) + " after " + end.elapsedMs()
                            + " ms", ex, end);
        }
    }

    @Test
    @Verifies("LP-SUBMIT-2")
    @DisplayName("50 submissions sent at once get 50 different handles")
    void concurrentSubmissionsGetDistinctHandles(Target target) {
        JobsClient jobs = new JobsClient(target);
        List<Request> sent = new ArrayList<>();
        List<CompletableFuture<Exchange>> answers = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_SUBMISSIONS; i++) {
            Request r = jobs.submission(JobOrder.of("job-" + i, 0));
            sent.add(r);
            answers.add(target.http().sendAsync(r));
        }
        Map<String, Exchange> byHandle = new HashMap<>();
        for (int i = 0; i < CONCURRENT_SUBMISSIONS; i++) {
            Exchange ex = target.http().await(answers.get(i), sent.get(i));
            String id = jobs.handleOf(ex.status(), ex.header("location"), ex.body(), ex.uri(), ex);
            Exchange twin = byHandle.putIfAbsent(id, ex);
            Expect.that(twin == null, "a different handle for each of " + CONCURRENT_SUBMISSIONS + " submissions",
                    "two got the handle " + Text.quote(id), twin, ex);
        }
        target.evidence().note(CONCURRENT_SUBMISSIONS + " submissions, " + byHandle.size() + " distinct handles");
    }

    static Stream<Named<String>> invalidSubmissions() {
        return Stream.of(
                Named.of("a body that is not JSON", "input=ping"),
                Named.of("an empty body", ""),
                Named.of("a JSON array", "[\"ping\"]"),
                Named.of("no input", "{\"durationMs\":100}"),
                Named.of("input not a string", "{\"input\":5}"),
                Named.of("a negative durationMs", "{\"input\":\"ping\",\"durationMs\":-1}"),
                Named.of("a durationMs with a fraction", "{\"input\":\"ping\",\"durationMs\":1.5}"),
                Named.of("a durationMs in a string", "{\"input\":\"ping\",\"durationMs\":\"100\"}"),
                Named.of("fail not a boolean", "{\"input\":\"ping\",\"fail\":\"yes\"}"));
    }

    @ParameterizedTest(name = "{0} is refused at once with 400 or 422 and no Location")
    @MethodSource("invalidSubmissions")
    @Verifies("LP-INVALID-1")
    void invalidSubmissionIsRefused(String body, Target target) {
        JobsClient jobs = new JobsClient(target);
        long fast = target.tolerances().fast().toMillis();
        Exchange ex = target.http().send(jobs.submission(body));
        Expect.that(ex.status() == 400 || ex.status() == 422, "400 or 422 to an invalid submission",
                "the status was " + ex.status(), ex);
        Expect.that(ex.header("location").isEmpty(), "no Location: no job was made",
                "Location was " + Text.quote(ex.header("location").orElse("")), ex);
        Expect.that(ex.elapsedMs() <= fast, "the refusal within " + fast + " ms (tolerance 'fast')",
                "it took " + ex.elapsedMs() + " ms", ex);
    }

    /** A durationMs spelled in a way JSON parsers read differently, and the whole number it equals (none: null). */
    record Spelling(String literal, Optional<Long> equals) {
    }

    static Stream<Named<Spelling>> durationSpellings() {
        return Stream.of(Named.of("1e4", new Spelling("1e4", Optional.of(SPELLED_JOB_MS))),
                Named.of("1.0e4", new Spelling("1.0e4", Optional.of(SPELLED_JOB_MS))),
                Named.of("10000.0", new Spelling("10000.0", Optional.of(SPELLED_JOB_MS))),
                Named.of("null", new Spelling("null", Optional.empty())));
    }

    @ParameterizedTest(name = "a durationMs of {0} is refused, or read as the number it equals")
    @MethodSource("durationSpellings")
    @Verifies("LP-INTEGER-1")
    void integerSpellingIsRefusedOrReadAsItsValue(Spelling spelling, Target target) {
        JobsClient jobs = new JobsClient(target);
        long fast = target.tolerances().fast().toMillis();
        Exchange ex = target.http().send(jobs.submission("{\"input\":\"ping\",\"durationMs\":" + spelling.literal() + "}"));
        Expect.that(ex.elapsedMs() <= fast, "an answer within " + fast + " ms (tolerance 'fast')", "it took "
                + ex.elapsedMs() + " ms", ex);
        if (ex.status() == 400 || ex.status() == 422) {
            Expect.that(ex.header("location").isEmpty(), "no Location with the refusal: no job was made",
                    "Location was " + Text.quote(ex.header("location").orElse("")), ex);
            target.evidence().note("refused as not an integer, as the contract allows");
            return;
        }
        String id = jobs.handleOf(ex.status(), ex.header("location"), ex.body(), ex.uri(), ex);
        if (spelling.equals().isEmpty()) {
            // read as absent: a job of 0 ms, done as soon as it is waited on
            Exchange end = target.http().send(jobs.waitOn(id, jobs.boundQuery()));
            Expect.that(jobs.wokenByTheEnd(end, JobView.DONE), "the job of the default 0 ms done at once (null read as absent)",
                    "the wait was answered " + end.status() + " " + Text.quoteBytes(end.body()) + " after "
                            + end.elapsedMs() + " ms", ex, end);
            return;
        }
        // read as 10,000: still running well after its submission; a number read from the leading digits has ended
        Waits.until(target, ex.endMs() + target.tolerances().quiet().toMillis(), "'quiet' to pass after the submission");
        Exchange check = target.http().send(jobs.waitOn(id, "?wait=0"));
        Expect.status(check, 200);
        JobView view = JobView.of(check);
        Expect.that(view.state().equals(JobView.PENDING), "a job of " + spelling.equals().get() + " ms still pending "
                        + (check.startMs() - ex.startMs()) + " ms after its submission",
                "it said " + view.describe() + ": durationMs " + spelling.literal() + " was read as another number", ex, check);
    }

    @Test
    @Verifies("LP-RETRY-1")
    @DisplayName("the 202 of a 1.5 s job carries Retry-After (whole delay-seconds or an HTTP-date)")
    void acceptedCarriesRetryAfter(Target target) {
        // not a whole number of seconds: a Retry-After of delay-seconds must still be one
        JobsClient.Submitted job = new JobsClient(target).submit(JobOrder.of("ping", RETRY_JOB_MS));
        String retryAfter = job.exchange().header("retry-after").orElse("").strip();
        Expect.that(isRetryAfter(retryAfter), "a Retry-After of delay-seconds or an HTTP-date",
                retryAfter.isEmpty() ? "there was none" : "it was " + Text.quote(retryAfter), job.exchange());
    }

    /** RFC 9110 §10.2.3: {@code Retry-After = HTTP-date / delay-seconds}. */
    private static boolean isRetryAfter(String value) {
        if (value.matches("\\d+")) {
            return true;
        }
        try {
            DateTimeFormatter.RFC_1123_DATE_TIME.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Test
    @Verifies("LP-CACHE-1")
    @DisplayName("the 202, a done job, a status check and the pending answer at a bound all say Cache-Control: no-store or no-cache")
    void answersAboutAJobAreNotCacheable(Target target) {
        JobsClient jobs = new JobsClient(target);
        JobsClient.Submitted done = jobs.submit(JobOrder.of("ping", 0));
        JobsClient.Submitted running = jobs.submit(JobOrder.of("ping", BoundTest.LONG_JOB_MS));
        List<Exchange> answers = List.of(done.exchange(), running.exchange(),
                target.http().send(jobs.waitOn(done.id(), jobs.boundQuery())),
                target.http().send(jobs.waitOn(running.id(), "?wait=0")),
                // the answer a wait gets when its bound passes often comes from another path (a timeout handler)
                target.http().send(jobs.waitOn(running.id(), "?wait=" + BoundTest.BOUND_SECONDS)));
        for (Exchange ex : answers) {
            String cc = ex.header("cache-control").orElse("").toLowerCase(Locale.ROOT);
            String what = "the " + ex.status() + " to " + ex.request().method() + " " + ex.request().path();
            Expect.that(cc.contains("no-store") || cc.contains("no-cache"), "Cache-Control with no-store or no-cache",
                    cc.isEmpty() ? what + " had no Cache-Control" : what + " said " + Text.quote(cc), ex);
        }
    }
}
