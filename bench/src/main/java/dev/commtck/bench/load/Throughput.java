package dev.commtck.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Request load on keep-alive connections, each driven by a virtual thread that sends its next request as soon as the
 * last is answered (a closed loop) or at its scheduled time ({@link #paced}), for a fixed time: {@code POST /hello
 * ping} (or, paced, {@code GET /hello}) on {@code connections} connections, or the message queue (spec/message-queue.md) with {@code connections / 2}
 * producers that send and as many consumers that receive up to a given number of messages at a time and acknowledge
 * each. The same client code, connections and loop for both, so that their rates compare.
 */
final class Throughput {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long after its time a loop may take to end (its last request answered) before its connections are closed. */
    private static final int GRACE_MS = 30_000;
    /** The most messages the producers keep sent and not yet acknowledged. */
    static final int BACKLOG = 1_000;
    private static final byte[] PING = HttpConnection.request("POST", "/hello", "text/plain", "ping".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] HELLO = HttpConnection.request("GET", "/hello", null, null);

    /** The nodes' ports: connections {@code 2k} and {@code 2k + 1} (a producer and a consumer) on node {@code k} mod their number. */
    private final List<Integer> ports;

    Throughput(List<Integer> ports) {
        this.ports = List.copyOf(ports);
    }

    /** {@code POST /hello ping} for {@code time}: requests/s. */
    Map<String, Object> ping(int connections, Duration time) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long elapsed = run(connections, time, (c, until) -> {
            while (System.nanoTime() < until) {
                HttpConnection.Response r = c.exchange(PING);
                within(r.status() == 200 && r.text().equals("pong") ? done : errors, until);
            }
        }, errors);
        return rate("requestsPerSecond", done.get(), elapsed, errors.get());
    }

    /**
     * {@code POST /hello ping} (with {@code ping}) or {@code GET /hello} at {@code perSecond} requests/s for
     * {@code time}, spread evenly over {@code connections} connections: each sends its next request at its scheduled
     * time, or at once when the last answer came later, and a request's latency runs from its scheduled time (as wrk2
     * measures it), so that a server that stalls is charged for every request the stall held back, not only for the one
     * it was answering: latencies at a load both servers carry, where a closed loop compares tails at different rates.
     */
    Map<String, Object> paced(boolean ping, int connections, int perSecond, Duration time) throws Exception {
        byte[] request = ping ? PING : HELLO;
        String answer = ping ? "pong" : "world";
        long interval = connections * 1_000_000_000L / perSecond;
        long[][] latencies = new long[connections][];
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long elapsed = run(connections, time, (c, until) -> {
            long first = until - time.toNanos() + c.index() * interval / connections;
            long[] mine = new long[(int) ((until - first) / interval) + 1];
            int n = 0;
            for (long due = first; due <= until; due += interval) {
                for (long early = due - System.nanoTime(); early > 0; early = due - System.nanoTime()) {
                    LockSupport.parkNanos(early); // the request's schedule, not a wait for an event
                }
                HttpConnection.Response r = c.exchange(request);
                mine[n++] = System.nanoTime() - due;
                (r.status() == 200 && r.text().equals(answer) ? done : errors).incrementAndGet();
            }
            latencies[c.index()] = Arrays.copyOf(mine, n);
        }, errors);
        Map<String, Object> m = Stats.of(Arrays.stream(latencies).filter(Objects::nonNull).flatMapToLong(Arrays::stream).toArray());
        m.putAll(rate("requestsPerSecond", done.get(), elapsed, errors.get()));
        return m;
    }

    /**
     * Producers send to a queue of its own while consumers receive (up to {@code perReceive} messages, a long poll of up
     * to 1 s) and acknowledge each message they get, for {@code time}: acknowledged messages/s, each one a send, an ack
     * and its share of a receive. The producers keep at most {@link #BACKLOG} messages unacknowledged: unchecked, they
     * would send faster than the consumers (a send is one request, a message consumed one and up to a whole receive)
     * and the rate would measure a queue that only grows.
     */
    Map<String, Object> queue(int connections, Duration time, int perReceive) throws Exception {
        String queue = "bench-" + System.nanoTime();
        AtomicLong sent = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong seq = new AtomicLong();
        Semaphore backlog = new Semaphore(BACKLOG);
        byte[] receive = HttpConnection.request("POST", "/queues/" + queue + "/receive?max=" + perReceive
                + "&visibilityMs=30000&waitMs=1000", null, null);
        long elapsed = run(connections, time, (c, until) -> {
            if (c.index() % 2 == 0) {
                while (System.nanoTime() < until) {
                    if (!backlog.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    HttpConnection.Response r = c.exchange(HttpConnection.request("POST", "/queues/" + queue + "/messages",
                            "text/plain", ("message " + seq.incrementAndGet()).getBytes(StandardCharsets.US_ASCII)));
                    within(r.status() == 201 ? sent : errors, until);
                    if (r.status() != 201) {
                        backlog.release();
                    }
                }
                return;
            }
            while (System.nanoTime() < until) {
                HttpConnection.Response r = c.exchange(receive);
                if (r.status() == 204) {
                    continue;
                }
                JsonNode messages = r.status() == 200 ? JSON.readTree(r.body()).path("messages") : null;
                if (messages == null || !messages.isArray() || messages.size() > perReceive) {
                    errors.incrementAndGet();
                    continue;
                }
                for (JsonNode m : messages) { // none in an empty answer ({"messages":[]})
                    String receipt = URLEncoder.encode(m.path("receipt").asText(), StandardCharsets.UTF_8);
                    HttpConnection.Response a = c.exchange(HttpConnection.request("DELETE", "/queues/" + queue + "/receipts/" + receipt, null, null));
                    within(a.status() / 100 == 2 ? acked : errors, until);
                    backlog.release(); // out of the producers' hands (a refused ack counts as an error)
                }
            }
        }, errors);
        Map<String, Object> m = rate("messagesPerSecond", acked.get(), elapsed, errors.get());
        m.put("sent", sent.get());
        m.put("acked", acked.get());
        return m;
    }

    /** Counts an outcome if it came within the measured time (what is answered after it does not count). */
    private static void within(AtomicLong counter, long untilNanos) {
        if (System.nanoTime() <= untilNanos) {
            counter.incrementAndGet();
        }
    }

    private static Map<String, Object> rate(String name, long count, long elapsedNanos, long errors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(name, count / (elapsedNanos / 1e9));
        m.put("count", count);
        m.put("seconds", elapsedNanos / 1e9);
        m.put("errors", errors);
        return m;
    }

    /** A connection of the run, with its index among them. */
    private record Lane(int index, HttpConnection connection) {
        HttpConnection.Response exchange(byte[] request) throws IOException {
            return connection.exchange(request);
        }
    }

    private interface Loop {
        void run(Lane lane, long untilNanos) throws IOException, InterruptedException;
    }

    /** Runs {@code loop} on each of {@code connections} connections until {@code time} has passed; the time measured. */
    private long run(int connections, Duration time, Loop loop, AtomicLong errors) throws Exception {
        List<HttpConnection> open = new ArrayList<>();
        List<Thread> lanes = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                open.add(HttpConnection.open(ports.get(i / 2 % ports.size())));
            }
            long start = System.nanoTime();
            long until = start + time.toNanos();
            for (int i = 0; i < connections; i++) {
                Lane lane = new Lane(i, open.get(i));
                lanes.add(Thread.ofVirtual().start(() -> {
                    try {
                        loop.run(lane, until);
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Thread t : lanes) {
                t.join(Duration.ofNanos(Math.max(1, until - System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(GRACE_MS)));
            }
            return until - start;
        } finally {
            open.forEach(HttpConnection::close);
        }
    }
}
