package dev.commtck.reference.longpolling;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** How the server answers about a job: JSON, never stored by a cache (LP-CACHE-1). */
public final class JobResponses {

    private static final String JSON = "application/json";

    private JobResponses() {
    }

    /** {@code 202} with the handle in {@code Location} and the body, and when to expect the result (LP-SUBMIT-1, LP-RETRY-1). */
    public static void accepted(ServerResponse res, String jobsPath, Job job) {
        res.status(Status.ACCEPTED_202)
                .header(HeaderNames.LOCATION, jobsPath + "/" + job.id())
                .header(HeaderNames.RETRY_AFTER, String.valueOf((job.request().durationMs() + 999) / 1000));
        send(res, job);
    }

    /** {@code 200} with the job as it is now: pending, done or failed. */
    public static void current(ServerResponse res, Job job) {
        send(res, job);
    }

    private static void send(ServerResponse res, Job job) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store").header(HeaderNames.CONTENT_TYPE, JSON).send(job.json());
    }

    /** A refusal the client can retry later: {@code 503} with {@code Retry-After} (LP-LIMIT-1). */
    public static void unavailable(ServerResponse res, String why) {
        res.status(Status.SERVICE_UNAVAILABLE_503).header(HeaderNames.RETRY_AFTER, "1");
        text(res, why);
    }

    /** A request the client must change: {@code 400} with the reason. */
    public static void badRequest(ServerResponse res, String why) {
        res.status(Status.BAD_REQUEST_400);
        text(res, why);
    }

    private static void text(ServerResponse res, String message) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store").header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                .send(message);
    }
}
