package dev.commtck.reference;

import dev.commtck.reference.cluster.Database;
import dev.commtck.reference.cluster.EventLog;
import dev.commtck.reference.cluster.PostgresEventLog;
import dev.commtck.reference.longpolling.JobStore;
import dev.commtck.reference.longpolling.Jobs;
import dev.commtck.reference.longpolling.LongPollingLimits;
import dev.commtck.reference.longpolling.SharedJobs;
import dev.commtck.reference.messagequeue.JournalQueueStore;
import dev.commtck.reference.messagequeue.QueueStore;
import dev.commtck.reference.messagequeue.SharedQueueStore;
import dev.commtck.reference.pubsub.SharedTopics;
import dev.commtck.reference.pubsub.Topics;
import dev.commtck.reference.push.PushHub;
import dev.commtck.reference.push.PushSettings;
import dev.commtck.reference.push.SharedPushHub;
import dev.commtck.reference.sse.EventHub;
import dev.commtck.reference.sse.Hub;
import dev.commtck.reference.sse.SharedEventHub;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the reference server keeps each pattern's state: in its own memory ({@link #inMemory}, the default), with the
 * queues in a journal ({@link #journal}), or in a PostgreSQL database that several nodes share ({@link #shared}). Each
 * part is made when the server starts, and is a seam: the kit's mutants replace one part of a state.
 *
 * @param jobs    the long-polling jobs
 * @param events  the hub of the event stream ({@code /events})
 * @param topics  the topics of publish/subscribe
 * @param queues  the message queues
 * @param push    the hub of push notifications, given the push settings
 * @param closing what to close once the server has stopped (the database's connections), after the parts
 */
public record State(Supplier<JobStore> jobs, Supplier<Hub> events, Supplier<Topics> topics, Supplier<QueueStore> queues,
                    Function<PushSettings, PushHub> push, AutoCloseable closing) {

    /** Everything in this process's memory: what a restart forgets. */
    public static State inMemory() {
        return new State(() -> new Jobs(LongPollingLimits.DEFAULT), EventHub::new, Topics::new, JournalQueueStore::inMemory,
                PushHub::new, () -> { });
    }

    /** In memory, but the queues in a journal in {@code dataDir}, where they survive the process being killed. */
    public static State journal(Path dataDir) {
        return inMemory().withQueues(() -> JournalQueueStore.open(dataDir));
    }

    /**
     * Everything shared by the nodes on one database (commtck serve --database): each node holds only its own clients
     * and what they wait for. The server closes the database when it stops.
     */
    public static State shared(Database db) {
        EventLog log = new PostgresEventLog(db);
        return new State(() -> new SharedJobs(db, LongPollingLimits.DEFAULT),
                () -> new SharedEventHub("sse", log, EventHub.DEFAULT_HISTORY, Long.MAX_VALUE, EventHub.DEFAULT_OUTBOX_BYTES),
                () -> new SharedTopics(log), () -> new SharedQueueStore(db), settings -> new SharedPushHub(settings, log),
                db);
    }

    public State withJobs(Supplier<JobStore> j) {
        return new State(j, events, topics, queues, push, closing);
    }

    public State withEvents(Supplier<Hub> e) {
        return new State(jobs, e, topics, queues, push, closing);
    }

    public State withTopics(Supplier<Topics> t) {
        return new State(jobs, events, t, queues, push, closing);
    }

    public State withQueues(Supplier<QueueStore> q) {
        return new State(jobs, events, topics, q, push, closing);
    }
}
