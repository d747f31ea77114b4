package dev.commtck.tck.longpolling;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The lost wake-up: a job that ends while its waiter is being registered must still wake it. Hundreds of short jobs,
 * each waited on the moment it is accepted, make that race happen; a lost one shows as a wait answered at its bound.
 */
@ConformanceSuite(Pattern.LONG_POLLING)
@DisplayName("long-polling: lost wake-ups")
class LostWakeUpTest {

    static final int JOBS = 200;
    /** Jobs in flight at once, each in its own lane of submit-then-wait. */
    static final int LANES = 50;
    static final int LONGEST_JOB_MS = 50;

    /** One job of the stress and the wait on it. */
    private record Outcome(JobsClient.Submitted job, Exchange answer) {
    }

    @Test
    @Verifies("LP-WAKE-2")
    @DisplayName("200 jobs of 0 to 50 ms, each waited on at once, all wake their waiter, none at its bound")
    void noWakeUpIsLost(Target target) {
        JobsClient jobs = new JobsClient(target);
        long wake = target.tolerances().wake().toMillis();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger waited = new AtomicInteger();
        Queue<Outcome> late = new ConcurrentLinkedQueue<>();
        List<Callable<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < LANES; lane++) {
            int first = lane;
            lanes.add(() -> {
                for (int i = first; i < JOBS && !stop.get(); i += LANES) {
                    JobsClient.Submitted job = jobs.submit(JobOrder.of("ping", i % (LONGEST_JOB_MS + 1)));
                    Exchange wait = target.http().send(jobs.waitOn(job.id(), jobs.boundQuery()));
                    waited.incrementAndGet();
                    if (!jobs.wokenByTheEnd(wait, JobView.DONE)) {
                        late.add(new Outcome(job, wait));
                        stop.set(true); // one is enough: the others would each cost a whole bound
                    }
                }
                return null;
            });
        }
        Lanes.run(lanes, target.http().bound().multipliedBy((JOBS / LANES + 1) * 2L), "the stress");
        target.evidence().note(waited.get() + " jobs submitted and waited on, " + late.size() + " answered late");
        Expect.that(late.isEmpty(), "every wait answered 200 done by its job's end, none when its bound of "
                        + jobs.boundSeconds() + " s passed (nor within " + wake + " ms, tolerance 'wake', of it)",
                late.size() + " of " + waited.get() + " were answered only at their bound",
                late.stream().flatMap(o -> java.util.stream.Stream.of(o.job().exchange(), o.answer())).toArray(Exchange[]::new));
    }
}
