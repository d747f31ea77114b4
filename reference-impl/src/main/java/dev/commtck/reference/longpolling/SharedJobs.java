package dev.commtck.reference.longpolling;

import dev.commtck.reference.cluster.Database;
import dev.commtck.reference.cluster.Notifications;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The jobs of nodes that share a database ({@code commtck_jobs}): a job is stored when it is submitted, on whichever
 * node, and ended by the node that accepted it when its duration has passed — its end stored and notified
 * ({@value Notifications#JOBS}, payload: its handle) in one transaction, so that waits parked on every node are woken.
 * A wait registers before it reads the job, so an end committed after the read still wakes it. A job whose node died
 * before ending it is ended by the first node that reads it past its end (a second later, so as not to race its own
 * node). Finished jobs are kept for the retention after their end, then deleted by whichever node sweeps first. How
 * many jobs are held is the database's to bound: {@link LongPollingLimits#maxJobs} is not counted across nodes.
 *
 * <p>The protected method is the seam through which the kit's mutants break one rule.
 */
public class SharedJobs implements JobStore {

    /** How late past its end a job whose node did not end it is ended by a reader. */
    static final long ORPHAN_GRACE_MS = 1000;
    static final long SWEEP_SECONDS = 60;
    private static final System.Logger LOG = System.getLogger(SharedJobs.class.getName());

    private final Database db;
    private final LongPollingLimits limits;
    private final Supplier<String> ids;
    private final Map<String, Set<Job>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public SharedJobs(Database db, LongPollingLimits limits) {
        this(db, limits, Jobs::randomId);
    }

    /** With handles made by {@code ids}, which must never repeat one across the nodes. */
    public SharedJobs(Database db, LongPollingLimits limits, Supplier<String> ids) {
        this.db = db;
        this.limits = limits;
        this.ids = ids;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("shared-jobs-timer").factory());
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        timer.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
        db.notifications().on(Notifications.JOBS, this::wakeWaiters);
        db.notifications().onReconnect(() -> waiting.keySet().forEach(this::find));
    }

    @Override
    public LongPollingLimits limits() {
        return limits;
    }

    @Override
    public Job submit(JobRequest request) {
        Job job = new Job(ids.get(), request, limits.retention());
        boolean endsNow = request.durationMs() == 0;
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO commtck_jobs (id, input, duration_ms, fail, ends_at)"
                    + " VALUES (?, ?, ?, ?, clock_timestamp() + ? * interval '1 millisecond')")) {
                s.setString(1, job.id());
                s.setBytes(2, request.input().getBytes(StandardCharsets.UTF_8));
                s.setLong(3, request.durationMs());
                s.setBoolean(4, request.fail());
                s.setLong(5, request.durationMs());
                s.executeUpdate();
            }
            if (endsNow) {
                end(c, job.id(), "clock_timestamp()");
            }
            return null;
        });
        if (endsNow) {
            job.finish();
        } else {
            timer.schedule(() -> finish(job.id()), request.durationMs(), TimeUnit.MILLISECONDS);
        }
        return job;
    }

    /** Ends a job that ran its duration here, and tells every node; one the database refused ends on a later read. */
    private void finish(String id) {
        try {
            db.inTransaction(c -> end(c, id, "clock_timestamp()"));
        } catch (Database.Unavailable e) {
            LOG.log(System.Logger.Level.WARNING, "job " + id + " could not be ended: " + e.getMessage());
        }
    }

    /** Stores the end of a job still running, at {@code when}, and notifies; false when it had ended already. */
    private boolean end(Connection c, String id, String when) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE commtck_jobs SET ended_at = " + when + ", expires_at = "
                + when + " + ? * interval '1 millisecond' WHERE id = ? AND ended_at IS NULL")) {
            s.setLong(1, limits.retention().toMillis());
            s.setString(2, id);
            if (s.executeUpdate() == 0) {
                return false;
            }
        }
        announceEnd(c, id);
        return true;
    }

    @Override
    public Optional<Job> find(String id) {
        Job[] found = {null};
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT input, duration_ms, fail,"
                    + " (extract(epoch FROM clock_timestamp() - ended_at) * 1000)::bigint,"
                    + " ended_at IS NULL AND ends_at + ? * interval '1 millisecond' < clock_timestamp()"
                    + " FROM commtck_jobs WHERE id = ? AND (expires_at IS NULL OR expires_at > clock_timestamp())")) {
                s.setLong(1, ORPHAN_GRACE_MS);
                s.setString(2, id);
                Job job = null;
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        job = new Job(id, new JobRequest(new String(r.getBytes(1), StandardCharsets.UTF_8), r.getLong(2),
                                r.getBoolean(3)), limits.retention());
                        long agoMs = r.getLong(4);
                        if (!r.wasNull()) {
                            job.endedAgo(agoMs);
                        } else if (r.getBoolean(5)) {
                            end(c, id, "ends_at"); // its node died before ending it
                        }
                    }
                }
                found[0] = job;
            }
            return null;
        });
        Job job = found[0];
        if (job != null && !job.end().toCompletableFuture().isDone()) {
            waiting.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(job);
            recheck(job); // an end committed between the read and the registration
        }
        return Optional.ofNullable(job);
    }

    /** Reads the end of a job registered as waiting, which a notification sent before its registration did not bring. */
    private void recheck(Job job) {
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT (extract(epoch FROM clock_timestamp() - ended_at)"
                    + " * 1000)::bigint FROM commtck_jobs WHERE id = ? AND ended_at IS NOT NULL")) {
                s.setString(1, job.id());
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        wakeWaiters(job.id());
                    }
                }
            }
            return null;
        });
    }

    /** A node ended the job: every wait on it here is woken. */
    protected final void wakeWaiters(String id) {
        Set<Job> woken = waiting.remove(id);
        if (woken != null) {
            woken.forEach(Job::finish);
        }
    }

    private void sweep() {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM commtck_jobs WHERE expires_at < clock_timestamp()")) {
                    return s.executeUpdate();
                }
            });
        } catch (Database.Unavailable e) {
            LOG.log(System.Logger.Level.WARNING, "expired jobs could not be deleted: " + e.getMessage());
        }
    }

    // ---- seam for the kit's mutants

    /** Tells every node that the job has ended, in the transaction that stored its end: each wakes its waiters. */
    protected void announceEnd(Connection c, String id) throws SQLException {
        Database.notify(c, Notifications.JOBS, id);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
