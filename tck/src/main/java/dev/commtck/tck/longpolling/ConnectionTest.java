package dev.commtck.tck.longpolling;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.RawConnection;
import dev.commtck.tck.support.RawResponse;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Waits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The job and the connection are independent: the job outlives its submitter's, and abandoned waits cost nothing. */
@ConformanceSuite(Pattern.LONG_POLLING)
@DisplayName("long-polling: jobs and connections")
class ConnectionTest {

    static final long DETACHED_JOB_MS = 100;
    static final int ABANDONED_WAITS = 1000;
    /** The longest job every server accepts: the abandoned waits are held on it for the whole check. */
    static final long LONGEST_JOB_MS = 60_000;
    /** Waits on a new job after the abandonment: more than any other check holds at once. */
    static final int PROBE_WAITS = 100;
    /** Connections opened side by side, so that opening a thousand takes little time. */
    static final int OPENERS = 4;
    static final long PROBE_JOB_MS = 100;

    @Test
    @Verifies("LP-DETACH-1")
    @DisplayName("a job whose submitter disconnected at once is done when a new connection asks after its duration")
    void jobOutlivesTheSubmittersConnection(Target target) {
        JobsClient jobs = new JobsClient(target);
        String json = JobOrder.of("ping", DETACHED_JOB_MS).json();
        String path = jobs.jobsPath();
        long accepted;
        String id;
        try (RawConnection submitter = target.raw()) {
            submitter.send("POST " + path + " (a " + DETACHED_JOB_MS + " ms job)", submitter.requestHead("POST", path,
                    "Content-Type: application/json", "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length) + json);
            RawResponse answer = submitter.readResponse(false);
            accepted = target.evidence().now();
            id = jobs.handleOf(answer.status(), answer.header("location"), answer.body(), target.endpoint().uri(path));
        }
        target.evidence().note("closed the submitter's connection; nobody is connected while the job runs");
        Duration fast = target.tolerances().fast();
        Waits.until(target, accepted + DETACHED_JOB_MS + target.tolerances().wake().toMillis(), "the job's duration, and 'wake', to pass");
        Exchange ex = jobs.answerWithin(jobs.waitOn(id, "?wait=0"), fast, "an answer to ?wait=0 within " + fast.toMillis()
                + " ms (tolerance 'fast')");
        Expect.status(ex, 200);
        JobView view = JobView.of(ex);
        Expect.that(view.state().equals(JobView.DONE) && view.result().equals(Optional.of("pong")),
                "the job to have run while nobody was connected: state done, result \"pong\"",
                "a new connection found " + view.describe() + " " + (ex.startMs() - accepted) + " ms after the 202", ex);
    }

    @Test
    @Verifies("LP-ABANDON-1")
    @DisplayName("after 1000 waits on a running job are abandoned, 100 waits on a new job are all released by its end")
    void abandonedWaitsLeaveTheServerResponsive(Target target) {
        JobsClient jobs = new JobsClient(target);
        long fast = target.tolerances().fast().toMillis();
        JobsClient.Submitted running = jobs.submit(JobOrder.of("ping", LONGEST_JOB_MS));
        String path = jobs.jobPath(running.id());
        List<RawConnection> waits = Collections.synchronizedList(new ArrayList<>());
        List<Callable<Void>> openers = new ArrayList<>();
        for (int lane = 0; lane < OPENERS; lane++) {
            int first = lane;
            openers.add(() -> {
                for (int i = first; i < ABANDONED_WAITS; i += OPENERS) {
                    RawConnection c = target.raw();
                    waits.add(c);
                    c.send("wait " + (i + 1) + " of " + ABANDONED_WAITS, c.requestHead("GET", path));
                }
                return null;
            });
        }
        Lanes.run(openers, target.http().bound().multipliedBy(ABANDONED_WAITS / OPENERS), "opening the waits");
        waits.getLast().watch(target.tolerances().quiet()); // the last wait is held too before all of them go
        waits.forEach(RawConnection::close);
        target.evidence().note("opened " + ABANDONED_WAITS + " waits on a " + LONGEST_JOB_MS + " ms job and closed their connections");

        JobsClient.Submitted probe = jobs.submit(JobOrder.of("ping", PROBE_JOB_MS));
        Expect.that(probe.exchange().elapsedMs() <= fast, "a new job accepted within " + fast + " ms (tolerance 'fast')",
                "it took " + probe.exchange().elapsedMs() + " ms", probe.exchange());
        List<Exchange> unreleased = jobs.waitTogether(probe.id(), PROBE_WAITS).stream()
                .filter(ex -> !jobs.wokenByTheEnd(ex, JobView.DONE)).toList();
        Expect.that(unreleased.isEmpty(), "all " + PROBE_WAITS + " waits on a new " + PROBE_JOB_MS + " ms job answered 200 done by its end",
                unreleased.size() + " were not", unreleased.toArray(Exchange[]::new));
    }
}
