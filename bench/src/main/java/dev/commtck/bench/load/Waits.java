package dev.commtck.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Long polls (spec/long-polling.md): waits parked on jobs. Two uses: {@link #wake} parks one wait on each of many jobs
 * that all end at one moment and measures how soon each wait is released; {@link #hold} keeps waits parked on jobs that
 * do not end (each wait is renewed when its bound passes), for the memory they cost.
 */
final class Waits {

    /** The longest a job may run for the reference server (its {@code maxDurationMs}). */
    private static final long LONGEST_JOB_MS = 600_000;
    /** The wait's bound: the reference server's maximum hold. */
    private static final int WAIT_S = 30;
    /**
     * Submissions in flight at once: few, so that each is answered within a millisecond or two and its job's end,
     * counted from when the server received it, is known to within that.
     */
    private static final int CONCURRENT_SUBMISSIONS = 4;

    private final int port;
    private final Held<Waiter> held = new Held<>();
    private final Held<Connected> woken = new Held<>();

    Waits(int port) {
        this.port = port;
    }

    /** Keeps {@code total} waits parked on jobs that do not end while the client lives. */
    Held.Growth hold(int total, Duration bound) throws InterruptedException {
        return held.grow(total, i -> new Waiter(LONGEST_JOB_MS), bound);
    }

    int close() throws InterruptedException {
        closeWoken();
        return held.closeAll();
    }

    /**
     * Closes the connections of the last {@link #wake}, which it leaves open until the next wake or {@link #close}: the
     * benchmark reads the server's and this client's CPU time when {@code wake} answers, and closing 10,000 connections
     * is no part of the wake-ups.
     */
    private void closeWoken() throws InterruptedException {
        woken.closeAll();
    }

    /**
     * Opens {@code count} connections, then on each submits a job and parks a wait on it: with {@code together}, every
     * job is timed to end {@code budget} from now, all at one moment; otherwise each job lasts {@code budget} from its
     * submission, so that they end one after the other, as they were submitted. Says {@code parked} (through
     * {@code progress}) once every wait has been sent, and answers once every wait has been released or the bound
     * passed: the wake-up of each wait is the time its answer was read minus the
     * moment its job ended, taken as the submission's send time plus its duration (an upper bound: the job's clock
     * starts when the server receives the submission, up to the submission's round trip later); {@code p99LowerBoundMs}
     * counts from the submission's answer instead. The answers are read by {@link Readers}; the connections stay open
     * until {@link #closeWoken}.
     */
    Map<String, Object> wake(int count, Duration budget, boolean together, Consumer<Map<String, Object>> progress)
            throws Exception {
        closeWoken();
        try {
            long t0 = System.nanoTime();
            List<Connected> connections = woken.grow(count, i -> new Connected(), Duration.ofSeconds(60)).held() == count
                    ? woken.sessions() : List.of();
            if (connections.isEmpty()) {
                throw new IllegalStateException("could not open " + count + " connections");
            }
            long opened = System.nanoTime() - t0;
            long end = System.nanoTime() + budget.toNanos();
            long[] wakeUps = new long[count];
            Arrays.fill(wakeUps, Long.MIN_VALUE);
            long[] lowerBounds = wakeUps.clone();
            long[] submits = new long[count];
            AtomicInteger released = new AtomicInteger();
            AtomicInteger pending = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            AtomicInteger late = new AtomicInteger();
            CountDownLatch parked = new CountDownLatch(count);
            CountDownLatch done = new CountDownLatch(count);
            Semaphore submitting = new Semaphore(CONCURRENT_SUBMISSIONS);
            for (int i = 0; i < count; i++) {
                int w = i;
                HttpConnection c = connections.get(i).connection;
                Thread.ofVirtual().start(() -> {
                    boolean sentWait = false;
                    boolean handedOver = false;
                    try {
                        long sent;
                        long answered;
                        long durationMs;
                        String id;
                        submitting.acquire();
                        try {
                            sent = System.nanoTime();
                            durationMs = together ? Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - sent)) : budget.toMillis();
                            id = submit(c, durationMs);
                            submits[w] = System.nanoTime() - sent;
                            answered = System.nanoTime();
                        } finally {
                            submitting.release();
                        }
                        c.send(HttpConnection.request("GET", "/jobs/" + id + "?wait=" + WAIT_S, null, null));
                        if (System.nanoTime() > end - TimeUnit.MILLISECONDS.toNanos(100)) {
                            late.incrementAndGet(); // sent so late that it may not be parked when the first job ends
                        }
                        sentWait = true;
                        parked.countDown();
                        // the answer is read by the readers' thread: this thread's work is done
                        c.readLater((r, at) -> {
                            if (r == null) {
                                errors.incrementAndGet();
                            } else if (r.status() == 200 && finished(r)) {
                                wakeUps[w] = at - (sent + TimeUnit.MILLISECONDS.toNanos(durationMs));
                                lowerBounds[w] = at - (answered + TimeUnit.MILLISECONDS.toNanos(durationMs));
                                released.incrementAndGet();
                            } else {
                                pending.incrementAndGet();
                            }
                            done.countDown();
                        });
                        handedOver = true;
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        if (!sentWait) {
                            parked.countDown();
                        }
                        if (!handedOver) {
                            done.countDown();
                        }
                    }
                });
            }
            parked.await(budget.toMillis() + 10_000, TimeUnit.MILLISECONDS);
            progress.accept(Map.of("parked", count - parked.getCount() - errors.get(), "late", late.get()));
            done.await(budget.toMillis() + (WAIT_S + 10) * 1000L, TimeUnit.MILLISECONDS);
            Map<String, Object> m = Stats.of(released(wakeUps));
            m.put("p99LowerBoundMs", Stats.of(released(lowerBounds)).get("p99Ms"));
            m.put("waiters", count);
            m.put("released", released.get());
            m.put("pending", pending.get());
            m.put("errors", errors.get());
            m.put("unanswered", done.getCount());
            m.put("late", late.get());
            m.put("connectMs", TimeUnit.NANOSECONDS.toMillis(opened));
            m.put("submitP99Ms", Stats.of(submits).get("p99Ms"));
            return m;
        } catch (Exception e) {
            closeWoken();
            throw e;
        }
    }

    /** A connection opened ahead of the measurement, held until the measurement closes it. */
    private final class Connected implements Held.Session {
        private final CountDownLatch closed = new CountDownLatch(1);
        private HttpConnection connection;

        @Override
        public void establish() throws IOException {
            connection = HttpConnection.open(port);
        }

        @Override
        public void keep() throws IOException {
            try {
                closed.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.close();
            }
            closed.countDown();
        }
    }

    /** The wake-ups of the waits that were released. */
    private static long[] released(long[] wakeUps) {
        return Arrays.stream(wakeUps).filter(x -> x != Long.MIN_VALUE).toArray();
    }

    /** Submits a job and returns its handle, the last segment of its {@code Location}. */
    private static String submit(HttpConnection c, long durationMs) throws IOException {
        HttpConnection.Response r = c.exchange(HttpConnection.request("POST", "/jobs", "application/json",
                ("{\"input\":\"ping\",\"durationMs\":" + durationMs + "}").getBytes(StandardCharsets.US_ASCII)));
        String location = r.headers().getOrDefault("location", "");
        if (r.status() != 202 || location.isEmpty()) {
            throw new IOException("POST /jobs was answered " + r.status() + " (Location " + location + "): " + r.text());
        }
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /**
     * Whether a job's representation says it is done. The reference server writes it compactly, so a look for the
     * member is enough, and keeps a JSON parser out of the measured wake-up.
     */
    private static boolean finished(HttpConnection.Response r) {
        return r.text().contains("\"state\":\"done\"");
    }

    /** A wait kept parked: a job that does not end, and a wait on it renewed each time its bound passes. */
    private final class Waiter implements Held.Session {
        private final long durationMs;
        private HttpConnection connection;
        private byte[] poll;

        Waiter(long durationMs) {
            this.durationMs = durationMs;
        }

        @Override
        public void establish() throws IOException {
            connection = HttpConnection.open(port);
            poll = HttpConnection.request("GET", "/jobs/" + submit(connection, durationMs) + "?wait=" + WAIT_S, null, null);
            connection.send(poll);
        }

        /** Renews the wait each time it is answered pending; at most as many times as the job's duration allows. */
        @Override
        public void keep() throws IOException {
            for (long i = 0; i <= durationMs / 1000 / WAIT_S; i++) {
                HttpConnection.Response r = connection.read();
                if (r.status() != 200 || finished(r)) {
                    return;
                }
                connection.send(poll);
            }
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.close();
            }
        }
    }
}
