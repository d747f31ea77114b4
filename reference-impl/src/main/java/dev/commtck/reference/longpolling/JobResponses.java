package dev.commtck.reference.longpolling;

import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Status;


/** How the server answers about a job: JSON, never stored by a cache (LP-CACHE-1). */
public final class JobResponses {

    private static final String JSON = "application/json";

    private JobResponses() {
    }

    /** {@code 202} with the handle in {@code Location} and the body, and when to expect the result (LP-SUBMIT-1, LP-RETRY-1). */
    public static void accepted(Response res, String jobsPath, Job job) {
        res.status(Status.ACCEPTED)
                .header("Location", jobsPath + "/" + job.id())
                .header("Retry-After", String.valueOf((job.request().durationMs() + 999) / 1000));
        send(res, job);
    }

    /** {@code 200} with the job as it is now: pending, done or failed. */
    public static void current(Response res, Job job) {
        send(res, job);
    }

    private static void send(Response res, Job job) {
        res.header("Cache-Control", "no-store").header("Content-Type", JSON).send(job.json());
    }

    /** A refusal the client can retry later: {@code 503} with {@code Retry-After} (LP-LIMIT-1). */
    public static void unavailable(Response res, String why) {
        res.status(Status.SERVICE_UNAVAILABLE).header("Retry-After", "1");
        text(res, why);
    }

    /** A request the client must change: {@code 400} with the reason. */
    public static void badRequest(Response res, String why) {
        res.status(Status.BAD_REQUEST);
        text(res, why);
    }

    private static void text(Response res, String message) {
        res.header("Cache-Control", "no-store").header("Content-Type", "text/plain; charset=UTF-8")
                .send(message);
    }
}
