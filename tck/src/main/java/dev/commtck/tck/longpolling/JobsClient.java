package dev.commtck.tck.longpolling;

import static dev.commtck.tck.longpolling.LongPollingPaths.JOBS;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.TimeoutFailure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The long-polling contract as the suites use it: submit a job, read its handle, wait on it within a bound. */
final class JobsClient {

    /**
     * Timers round: a check that something did not happen too early (a job's end, a wait's bound) allows this much,
     * on top of the kit's own clock, which cannot see an answer before its request was sent.
     */
    static final long CLOCK_SLACK_MS = 20;

    /** The handle alphabet of the contract: unreserved URI characters, 1 to 128 of them. */
    static final java.util.regex.Pattern HANDLE = java.util.regex.Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    /** Default of the tolerance {@code long-polling.bound}: the bound on waits whose job ends long before it. */
    static final long DEFAULT_BOUND_MS = 3000;

    private final Target target;

    JobsClient(Target target) {
        this.target = target;
    }

    String jobsPath() {
        return target.path(JOBS);
    }

    /** Where the job with this handle lives: {@code {jobs}/{id}}. */
    String jobPath(String id) {
        return jobsPath() + "/" + id;
    }

    Request submission(JobOrder order) {
        return submission(order.json());
    }

    /** A submission with any body, valid or not. */
    Request submission(String json) {
        return new Request("POST", jobsPath(), Map.of(), null).body("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Submits a job and reads its handle; a submission that yields none fails the test. */
    Submitted submit(JobOrder order) {
        Exchange ex = target.http().send(submission(order));
        return new Submitted(order, ex, handleOf(ex.status(), ex.header("location"), ex.body(), ex.uri(), ex));
    }

    /**
     * The handle a submission's answer carries: {@code 202}, a JSON body whose {@code id} is a handle, and a
     * {@code Location} that resolves to {@code {jobs}/{id}} (LP-SUBMIT-1).
     */
    String handleOf(int status, Optional<String> location, byte[] body, URI requestUri, Exchange... evidence) {
        Expect.that(status == 202, "202 Accepted to a valid submission", "the status was " + status + " " + Text.quoteBytes(body),
                evidence);
        String id = JobView.parse(body, evidence).id();
        Expect.that(HANDLE.matcher(id).matches(), "a handle of 1 to 128 characters from A-Z a-z 0-9 - . _ ~",
                "the id was " + Text.quote(id), evidence);
        Expect.that(location.isPresent(), "a Location header naming the job resource", "there was none", evidence);
        String expected = target.endpoint().uri(jobPath(id)).getPath();
        String actual;
        try {
            actual = requestUri.resolve(location.get().strip()).getPath();
        } catch (IllegalArgumentException e) {
            actual = "not a URI reference";
        }
        Expect.that(expected.equals(actual), "a Location that resolves to " + expected,
                "Location was " + Text.quote(location.get()) + " (path " + actual + ")", evidence);
        return id;
    }

    /** A wait on a job, with a query such as {@code "?wait=3"} or none ({@code ""}). */
    Request waitOn(String id, String query) {
        return Request.get(jobPath(id) + query);
    }

    /** The bound the kit puts on waits whose job ends long before it (tolerance {@code long-polling.bound}). */
    Duration bound() {
        return target.tolerances().named("long-polling.bound", DEFAULT_BOUND_MS);
    }

    /** {@code ?wait=N}: the {@link #bound} rounded up to whole seconds. */
    String boundQuery() {
        return "?wait=" + boundSeconds();
    }

    long boundSeconds() {
        return (bound().toMillis() + 999) / 1000;
    }

    /**
     * Whether a wait sent with {@link #boundQuery} was answered by its job's end, in the given final state: not
     * {@code pending}, and not within 'wake' of its bound, where a lost wake-up shows.
     */
    boolean wokenByTheEnd(Exchange wait, String state) {
        long atBound = boundSeconds() * 1000 - target.tolerances().wake().toMillis();
        return wait.status() == 200 && JobView.of(wait).state().equals(state) && wait.elapsedMs() < atBound;
    }

    /** Holds {@code count} waits with the {@link #boundQuery} on one job at once, and returns their answers. */
    List<Exchange> waitTogether(String id, int count) {
        Request wait = waitOn(id, boundQuery());
        List<CompletableFuture<Exchange>> waits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waits.add(target.http().sendAsync(wait));
        }
        return waits.stream().map(w -> target.http().await(w, wait)).toList();
    }

    /** Sends and waits at most {@code limit} for the whole answer; none by then fails the test as a timeout. */
    Exchange answerWithin(Request request, Duration limit, String expected) {
        CompletableFuture<Exchange> answer = target.http().sendAsync(request);
        try {
            answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            target.evidence().note(request.method() + " " + request.path() + ": no answer within " + limit.toMillis() + " ms");
            throw new TimeoutFailure(expected, "no answer came to " + request.method() + " " + request.path() + " within "
                    + limit.toMillis() + " ms", "");
        } catch (ExecutionException e) {
            // the probe turns the failure into a verdict below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationError("interrupted while waiting for " + request.path(), e);
        }
        return target.http().await(answer, request);
    }

    /**
     * A job the kit submitted, with the times the kit knows about its end: not before its duration has passed since
     * the submission was sent, and not after its duration has passed since the {@code 202} arrived.
     */
    record Submitted(JobOrder order, Exchange exchange, String id) {

        long earliestEndMs() {
            return exchange.startMs() + order.durationMs() - CLOCK_SLACK_MS;
        }

        long latestEndMs() {
            return exchange.endMs() + order.durationMs();
        }
    }
}
