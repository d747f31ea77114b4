package dev.commtck.tck.longpolling;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Jobs of a service of several nodes (spec/long-polling.md, "Cluster"): submitted on one node, known, waited on and
 * woken on every other. Node 1 is the target; each exchange in the evidence names its node.
 */
@ConformanceSuite(Pattern.LONG_POLLING)
@DisplayName("long-polling: several nodes of one service")
class ClusterTest {

    /** Jobs each node is asked for at once in the handle check. */
    static final int JOBS_PER_NODE = 20;

    @Test
    @Verifies("LP-CLUSTER-1")
    @DisplayName("a job submitted on each node is known on every other node at once, and ends done on every node")
    void aJobIsKnownOnEveryNode(Target target) {
        List<Target> nodes = target.cluster();
        // running long enough that 'pending' is what the other nodes see first
        long durationMs = 2 * target.tolerances().fast().toMillis();
        for (Target submitter : nodes) {
            JobsClient.Submitted job = new JobsClient(submitter).submit(JobOrder.of("ping", durationMs));
            List<Target> others = nodes.stream().filter(n -> n != submitter).toList();
            for (Target other : others) {
                JobsClient jobs = new JobsClient(other);
                Exchange status = other.http().send(jobs.waitOn(job.id(), "?wait=0"));
                Expect.status(status, 200);
                Expect.that(JobView.of(status).id().equals(job.id()), "the job submitted on "
                        + submitter.endpoint().name() + " answered by " + other.endpoint().name() + " under its handle "
                        + job.id(), "it said " + JobView.of(status).describe(), job.exchange(), status);
            }
            for (Target other : others) {
                JobsClient jobs = new JobsClient(other);
                Exchange end = other.http().send(jobs.waitOn(job.id(), jobs.boundQuery()));
                Expect.that(jobs.wokenByTheEnd(end, JobView.DONE) && JobView.of(end).result().filter("pong"::equals)
                        .isPresent(), "the job submitted on " + submitter.endpoint().name() + " to end done with the result"
                        + " \"pong\" on " + other.endpoint().name(), "it was answered " + end.status() + " after "
                        + end.elapsedMs() + " ms", job.exchange(), end);
            }
        }
    }

    @Test
    @Verifies("LP-CLUSTER-2")
    @DisplayName("waits held on every other node are answered within 'wake' of the end of a job submitted on one")
    void aWaitOnAnotherNodeIsWokenByTheEnd(Target target) {
        List<Target> nodes = target.cluster();
        long wake = target.tolerances().wake().toMillis();
        for (Target submitter : nodes) {
            JobsClient.Submitted job = new JobsClient(submitter).submit(JobOrder.of("ping", WaitTest.JOB_MS));
            Map<Target, CompletableFuture<Exchange>> waits = new LinkedHashMap<>();
            Map<Target, Request> requests = new LinkedHashMap<>();
            for (Target other : nodes) {
                if (other != submitter) {
                    JobsClient jobs = new JobsClient(other);
                    requests.put(other, jobs.waitOn(job.id(), jobs.boundQuery()));
                    waits.put(other, other.http().sendAsync(requests.get(other)));
                }
            }
            for (Map.Entry<Target, CompletableFuture<Exchange>> w : waits.entrySet()) {
                Target other = w.getKey();
                Exchange ex = other.http().await(w.getValue(), requests.get(other));
                Expect.that(ex.status() == 200 && JobView.of(ex).state().equals(JobView.DONE), "the wait on "
                        + other.endpoint().name() + " answered done when the job submitted on " + submitter.endpoint().name()
                        + " ended", "it was answered " + ex.status() + " after " + ex.elapsedMs() + " ms", job.exchange(), ex);
                Expect.that(ex.endMs() <= job.latestEndMs() + wake, "the wait on " + other.endpoint().name() + " answered"
                        + " within " + wake + " ms (tolerance 'wake') of the end of the job submitted on "
                        + submitter.endpoint().name(), "it came " + (ex.endMs() - job.latestEndMs()) + " ms after it",
                        job.exchange(), ex);
            }
        }
    }

    @Test
    @Verifies("LP-CLUSTER-3")
    @DisplayName("jobs submitted on every node at once all get handles of their own")
    void handlesAreUniqueAcrossNodes(Target target) {
        record Asked(Target node, Request request, CompletableFuture<Exchange> answer) {
        }
        List<Target> nodes = target.cluster();
        List<Asked> asked = new ArrayList<>();
        for (int i = 0; i < JOBS_PER_NODE; i++) {
            for (Target node : nodes) {
                Request submission = new JobsClient(node).submission(JobOrder.of("ping", 0));
                asked.add(new Asked(node, submission, node.http().sendAsync(submission)));
            }
        }
        Map<String, List<Exchange>> byHandle = new LinkedHashMap<>();
        for (Asked a : asked) {
            Exchange ex = a.node().http().await(a.answer(), a.request());
            String id = new JobsClient(a.node()).handleOf(ex.status(), ex.header("location"), ex.body(), ex.uri(), ex);
            byHandle.computeIfAbsent(id, k -> new ArrayList<>()).add(ex);
        }
        Map<String, List<Exchange>> shared = byHandle.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        if (!shared.isEmpty()) {
            Map.Entry<String, List<Exchange>> first = shared.entrySet().iterator().next();
            throw Expect.failure(asked.size() + " distinct handles for " + asked.size() + " jobs submitted on "
                    + nodes.size() + " nodes at once", shared.size() + " handle(s) were given to more than one job, the"
                    + " first, " + first.getKey() + ", to " + first.getValue().size(), first.getValue().toArray(Exchange[]::new));
        }
    }
}
