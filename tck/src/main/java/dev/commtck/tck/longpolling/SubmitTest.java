package dev.commtck.tck.longpolling;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    @Test
    @Verifies("LP-SUBMIT-1")
    @DisplayName("a job that runs longer than any answer may take is accepted at once: 202, Location, id, pending")
    void submissionIsAcceptedAtOnceWithAHandle(Target target) {
        JobsClient jobs = new JobsClient(target);
        long fast = target.tolerances().fast().toMillis();
        // longer than the kit waits for any answer: a server that answers only when the job is done cannot pass
        JobOrder order = JobOrder.of("ping", target.tolerances().response().toMillis() + fast);
        Exchange ex = target.http().send(jobs.submission(order));
        Expect.that(ex.elapsedMs() <= fast, "the submission of a " + order.durationMs() + " ms job answered within " + fast
                + " ms (tolerance 'fast')", "it took " + ex.elapsedMs() + " ms", ex);
        String id = jobs.handleOf(ex.status(), ex.header("location"), ex.body(), ex.uri(), ex);
        Expect.mediaType(ex, "application/json");
        JobView view = JobView.of(ex);
        Expect.that(view.state().equals(JobView.PENDING), "the 202's body to say state pending",
                "it said " + view.describe(), ex);
        target.evidence().note("handle " + id);
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

    @Test
    @Verifies("LP-RETRY-1")
    @DisplayName("the 202 carries Retry-After (delay-seconds or an HTTP-date)")
    void acceptedCarriesRetryAfter(Target target) {
        JobsClient.Submitted job = new JobsClient(target).submit(JobOrder.of("ping", 2000));
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
    @DisplayName("the 202 and a job's representation say Cache-Control: no-store or no-cache")
    void answersAboutAJobAreNotCacheable(Target target) {
        JobsClient jobs = new JobsClient(target);
        JobsClient.Submitted job = jobs.submit(JobOrder.of("ping", 0));
        Exchange read = target.http().send(jobs.waitOn(job.id(), jobs.boundQuery()));
        for (Exchange ex : List.of(job.exchange(), read)) {
            String cc = ex.header("cache-control").orElse("").toLowerCase(Locale.ROOT);
            Expect.that(cc.contains("no-store") || cc.contains("no-cache"), "Cache-Control with no-store or no-cache",
                    cc.isEmpty() ? "the " + ex.status() + " had no Cache-Control" : "the " + ex.status() + " said " + Text.quote(cc), ex);
        }
    }
}
