package dev.commtck.tck.pubsub;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.pubsub.WorkloadChecker.Finding;
import dev.commtck.tck.support.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Topics of a service of several nodes (spec/pub-sub.md, "Cluster"): the fan-out workload with its subscribers and
 * publishers spread over the nodes, checked as one service. Node 1 is the target; each subscriber and publisher of the
 * workload is named after its node.
 */
@ConformanceSuite(Pattern.PUB_SUB)
@DisplayName("pub-sub: several nodes of one service")
class ClusterTest {

    @Test
    @Verifies("PS-CLUSTER-1")
    @DisplayName("subscribers on every node receive every message published on any node, once, in one sequence")
    void subscribersOnEveryNodeReceiveOneSequence(Target target) {
        List<Target> nodes = target.cluster();
        WorkloadRun run = WorkloadTest.recorded(target, (t, settings) -> Workload.run(nodes, settings));
        WorkloadTest.check(run, checker -> {
            List<Finding> findings = new ArrayList<>(checker.sharedNumbers());
            findings.addAll(checker.fanOut());
            findings.addAll(checker.order());
            return findings;
        }, "every subscriber, on every node, to receive every message published to its topic on any node exactly once,"
                + " with its sequence number as id, in sequence order, and no two messages of a topic answered with the"
                + " same sequence number");
    }
}
