package dev.commtck.mutants.cluster;

import dev.commtck.mutants.Mutant;
import dev.commtck.reference.cluster.Database;
import dev.commtck.reference.cluster.EventLog;
import dev.commtck.reference.cluster.EventLog.Range;
import dev.commtck.reference.cluster.PostgresEventLog;
import dev.commtck.reference.longpolling.Jobs;
import dev.commtck.reference.longpolling.LongPollingLimits;
import dev.commtck.reference.longpolling.SharedJobs;
import dev.commtck.reference.messagequeue.QueueStore;
import dev.commtck.reference.messagequeue.SharedQueueStore;
import dev.commtck.reference.pubsub.SharedTopics;
import dev.commtck.reference.sse.EventHub;
import dev.commtck.reference.sse.Hub;
import dev.commtck.reference.sse.SharedEventHub;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Faults between the nodes of one service: each mutant runs as two nodes, each a reference server in its own memory
 * (state kept per process) or both on one fresh database with one part of what they share kept to each node instead.
 * Each must fail the cluster requirement it breaks (spec: the Cluster section of each pattern's document).
 */
public final class ClusterMutants {

    static final int NODES = 2;

    public static final List<Mutant> ALL = List.of(
            Mutant.cluster("lp-jobs-per-node", "LP-CLUSTER-1", "two nodes, each keeping its jobs in its own memory:"
                    + " another node answers 404 for a job", NODES, false, (state, db) -> state),
            Mutant.cluster("lp-wake-per-node", "LP-CLUSTER-2", "two nodes on one database whose job ends wake only the"
                    + " waits of the node that ran the job: a wait on the other node is held to its bound",
                    NODES, true, (state, db) -> state.withJobs(() -> new LocalWakeJobs(db.orElseThrow()))),
            Mutant.cluster("lp-handles-per-node", "LP-CLUSTER-3", "two nodes, each numbering its handles 1, 2, 3… from"
                    + " its own counter", NODES, false, (state, db) -> state.withJobs(() -> {
                        AtomicLong next = new AtomicLong();
                        return new Jobs(LongPollingLimits.DEFAULT, () -> Long.toString(next.incrementAndGet()));
                    })),
            Mutant.cluster("sse-events-per-node", "SSE-CLUSTER-1", "two nodes, each sending a trigger's event to its own"
                    + " streams only, with ids of its own", NODES, false, (state, db) -> state),
            Mutant.cluster("sse-resume-on-its-node", "SSE-CLUSTER-2", "two nodes on one database, each resuming only the"
                    + " streams whose Last-Event-ID it issued itself (elsewhere: the stale signal)", NODES, true,
                    (state, db) -> state.withEvents(() -> new ResumesItsOwn(new PostgresEventLog(db.orElseThrow())))),
            Mutant.cluster("push-notifications-per-node", "PUSH-CLUSTER-1", "two nodes, each pushing a notification to"
                    + " its own clients only", NODES, false, (state, db) -> state),
            Mutant.cluster("mq-queues-per-node", "MQ-CLUSTER-1", "two nodes, each keeping its queues in its own memory",
                    NODES, false, (state, db) -> state),
            Mutant.cluster("mq-lease-per-node", "MQ-CLUSTER-2", "two nodes on one database, each knowing only the leases"
                    + " it took: consumers on two nodes lease one message at once", NODES, true,
                    (state, db) -> state.withQueues(() -> new LeasesPerNode(db.orElseThrow()))),
            Mutant.cluster("mq-receipts-per-node", "MQ-CLUSTER-3", "two nodes on one database, each accepting only the"
                    + " receipts it issued (another node's is answered 404)", NODES, true,
                    (state, db) -> state.withQueues(() -> new ReceiptsPerNode(db.orElseThrow()))),
            Mutant.cluster("mq-redelivery-on-its-node", "MQ-CLUSTER-4", "two nodes on one database, each delivering"
                    + " again only the messages whose lease it took", NODES, true,
                    (state, db) -> state.withQueues(() -> new RedeliversItsOwn(db.orElseThrow()))),
            Mutant.cluster("ps-numbers-per-node", "PS-CLUSTER-1", "two nodes on one database, each numbering the"
                    + " messages published on it from a counter of its own per topic", NODES, true,
                    (state, db) -> state.withTopics(() -> new NumbersPerNode(new PostgresEventLog(db.orElseThrow())))));

    private ClusterMutants() {
    }

    /** Wakes the waits of this node when it ends a job, and tells no other node. */
    private static final class LocalWakeJobs extends SharedJobs {
        LocalWakeJobs(Database db) {
            super(db, LongPollingLimits.DEFAULT);
        }

        @Override
        protected void announceEnd(Connection c, String id) {
            wakeWaiters(id);
        }
    }

    /** Resumes after an id only if this node's trigger answered it. */
    private static final class ResumesItsOwn extends SharedEventHub {
        private final Set<Long> issued = ConcurrentHashMap.newKeySet();

        ResumesItsOwn(EventLog log) {
            super("sse", log, EventHub.DEFAULT_HISTORY, Long.MAX_VALUE, EventHub.DEFAULT_OUTBOX_BYTES);
        }

        @Override
        public long publish(String payload) {
            long id = super.publish(payload);
            issued.add(id);
            return id;
        }

        @Override
        protected boolean resumable(long after, Range range) {
            return issued.contains(after) && super.resumable(after, range);
        }
    }

    /** A node's own leases, by message: what it leased, until when (epoch ms on this node's clock). */
    private static class NodeLeases extends SharedQueueStore {
        final Map<Long, Long> leasedUntil = new ConcurrentHashMap<>();

        NodeLeases(Database db) {
            super(db);
        }

        @Override
        protected List<Delivery> leased(Connection c, String queue, int max, Duration visibility) throws java.sql.SQLException {
            List<Delivery> out = super.leased(c, queue, max, visibility);
            long until = System.currentTimeMillis() + visibility.toMillis();
            out.forEach(d -> leasedUntil.put(Long.parseLong(d.id()), until));
            return out;
        }

        /** The messages whose lease this node took and that still runs, as an SQL list. */
        String runningHere() {
            long now = System.currentTimeMillis();
            return leasedUntil.entrySet().stream().filter(e -> e.getValue() > now).map(e -> e.getKey().toString())
                    .collect(Collectors.joining(",", "(", ")"));
        }

        /** Every message whose lease this node ever took, as an SQL list. */
        String takenHere() {
            return leasedUntil.keySet().stream().map(Object::toString).collect(Collectors.joining(",", "(", ")"));
        }
    }

    /** Leases whatever this node has not leased itself, whoever else holds it. */
    private static final class LeasesPerNode extends NodeLeases {
        LeasesPerNode(Database db) {
            super(db);
        }

        @Override
        protected String leasable() {
            String mine = runningHere();
            return mine.equals("()") ? "true" : "seq NOT IN " + mine;
        }
    }

    /** Acknowledges and releases only the receipts it issued. */
    private static final class ReceiptsPerNode extends SharedQueueStore {
        private final Set<String> issued = ConcurrentHashMap.newKeySet();

        ReceiptsPerNode(Database db) {
            super(db);
        }

        @Override
        protected List<Delivery> leased(Connection c, String queue, int max, Duration visibility) throws java.sql.SQLException {
            List<Delivery> out = super.leased(c, queue, max, visibility);
            out.forEach(d -> issued.add(d.receipt()));
            return out;
        }

        @Override
        public QueueStore.Settlement ack(String queue, String receipt) {
            return issued.contains(receipt) ? super.ack(queue, receipt) : QueueStore.Settlement.UNKNOWN;
        }
    }

    /** Delivers a message again only if this node took its earlier lease. */
    private static final class RedeliversItsOwn extends NodeLeases {
        RedeliversItsOwn(Database db) {
            super(db);
        }

        @Override
        protected String leasable() {
            String mine = takenHere();
            return super.leasable() + " AND (deliveries = 0" + (mine.equals("()") ? "" : " OR seq IN " + mine) + ")";
        }
    }

    /** Topics whose hubs number the events published on this node from a counter of this node's. */
    private static final class NumbersPerNode extends SharedTopics {
        private final EventLog log;

        NumbersPerNode(EventLog log) {
            super(log);
            this.log = log;
        }

        @Override
        protected Hub newHub(String name, long idsAfter) {
            AtomicLong numbers = new AtomicLong();
            return new SharedEventHub("topic:" + name, log, HISTORY, HISTORY_BYTES, BACKLOG_BYTES) {
                @Override
                protected long idOf(long position) {
                    return numbers.incrementAndGet();
                }
            };
        }
    }
}
