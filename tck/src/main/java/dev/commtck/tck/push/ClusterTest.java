package dev.commtck.tck.push;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Push from a service of several nodes (spec/push.md, "Cluster"): a notification accepted by any node reaches the
 * clients connected to every node. Node 1 is the target; each exchange in the evidence names its node.
 */
@ConformanceSuite(Pattern.PUSH)
@DisplayName("push: several nodes of one service")
class ClusterTest {

    @Test
    @Verifies("PUSH-CLUSTER-1")
    @DisplayName("a notification posted to each node in turn reaches a client connected to every node within wake")
    void aNotificationReachesTheClientsOfEveryNode(Target target) {
        List<Target> nodes = target.cluster();
        List<PushClient> clients = nodes.stream().map(n -> PushClient.connect(n, "the client of " + n.endpoint().name()))
                .toList();
        try {
            long wake = target.tolerances().wake().toMillis();
            for (Target poster : nodes) {
                String data = "commtck cluster " + System.nanoTime() + " posted to " + poster.endpoint().name();
                Exchange ex = NotificationTest.post(poster, data);
                for (PushClient c : clients) {
                    long left = Math.max(0, ex.endMs() + wake - target.evidence().now());
                    Optional<PushClient.Message> got = c.await(m -> m.is("notification")
                            && m.json().path("data").asText("").equals(data), Duration.ofMillis(left));
                    Expect.that(got.isPresent(), c.name() + " to receive the notification posted to "
                            + poster.endpoint().name() + " within " + wake + " ms (wake) of its 2xx", "it received none", ex);
                }
            }
        } finally {
            NotificationTest.closeAll(clients);
        }
    }
}
