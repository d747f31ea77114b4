package dev.commtck.reference.pubsub;

import dev.commtck.reference.cluster.EventLog;
import dev.commtck.reference.sse.Hub;
import dev.commtck.reference.sse.SharedEventHub;

/**
 * The topics of nodes that share a database: each topic's messages, sequence numbers and history are in the
 * {@link EventLog} ({@code topic:<name>}), so that a subscriber on any node receives what was published on every node
 * in one order. This node keeps, with the limits of {@link Topics}, only the hubs its own subscriptions need; forgetting
 * an idle one forgets nothing of the topic.
 */
public class SharedTopics extends Topics {

    private final EventLog log;

    public SharedTopics(EventLog log) {
        this.log = log;
    }

    @Override
    protected Hub newHub(String name, long idsAfter) {
        return new SharedEventHub("topic:" + name, log, HISTORY, HISTORY_BYTES, BACKLOG_BYTES);
    }
}
