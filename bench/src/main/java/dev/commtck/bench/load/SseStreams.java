package dev.commtck.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Event streams held open ({@code GET /events}, spec/sse.md) and the fan-out measured over them: one event published
 * with {@code POST /events}, and for each stream the time from just before the trigger was sent until the event's data
 * line was read. Events are published one at a time: the next only when every stream has the last, or its bound passed.
 */
final class SseStreams {

    /** Events one client can publish in its life. */
    static final int MAX_EVENTS = 64;
    private static final byte[] GET = "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    /** The data line of the events this client publishes: {@code data: ev<k>}. */
    private static final byte[] MARK = "data: ev".getBytes(StandardCharsets.US_ASCII);

    private final int port;
    private final Held<Subscriber> held = new Held<>();
    private final AtomicReferenceArray<CountDownLatch> arrivals = new AtomicReferenceArray<>(MAX_EVENTS);
    private int published;

    SseStreams(int port) {
        this.port = port;
    }

    Held.Growth hold(int total, Duration bound) throws InterruptedException {
        return held.grow(total, i -> new Subscriber(), bound);
    }

    int close() throws InterruptedException {
        return held.closeAll();
    }

    /**
     * Publishes {@code events} events one after the other and measures their delivery: every stream's latency pooled
     * over the events ({@code p50Ms}, {@code p99Ms}, {@code maxMs}), each event's time until all had it, the deliveries
     * missing after the bound, and the trigger's round trip.
     */
    Map<String, Object> fanOut(int events, Duration bound) throws IOException, InterruptedException {
        List<Subscriber> streams = held.sessions();
        long[] latencies = new long[events * streams.size()];
        int n = 0;
        int missing = 0;
        List<Double> allHaveItMs = new ArrayList<>();
        long[] triggerRtt = new long[events];
        try (HttpConnection trigger = HttpConnection.open(port)) {
            for (int e = 0; e < events; e++) {
                int k = ++published;
                if (k >= MAX_EVENTS) {
                    throw new IllegalStateException("at most " + MAX_EVENTS + " events per client");
                }
                CountDownLatch all = new CountDownLatch(streams.size());
                arrivals.set(k, all);
                byte[] request = HttpConnection.request("POST", "/events", "text/plain; charset=utf-8",
                        ("ev" + k).getBytes(StandardCharsets.US_ASCII));
                ScheduledFuture<?> watchdog = Watchdog.after(bound, trigger::close);
                long sent = System.nanoTime();
                HttpConnection.Response r = trigger.exchange(request);
                triggerRtt[e] = System.nanoTime() - sent;
                watchdog.cancel(false);
                if (r.status() / 100 != 2) {
                    throw new IOException("the trigger was answered " + r.status() + ": " + r.text());
                }
                all.await(bound.toMillis(), TimeUnit.MILLISECONDS);
                long last = 0;
                for (Subscriber s : streams) {
                    long at = s.arrived[k];
                    if (at == 0) {
                        missing++;
                    } else {
                        latencies[n++] = at - sent;
                        last = Math.max(last, at - sent);
                    }
                }
                allHaveItMs.add(last / 1e6);
            }
        }
        Map<String, Object> m = Stats.of(java.util.Arrays.copyOf(latencies, n));
        m.put("streams", streams.size());
        m.put("events", events);
        m.put("missing", missing);
        m.put("allHaveItMs", allHaveItMs);
        m.put("triggerP50Ms", Stats.of(triggerRtt).get("p50Ms"));
        return m;
    }

    /** One stream: its connection, and when each of this client's events arrived on it (0: not yet). */
    private final class Subscriber implements Held.Session {
        final long[] arrived = new long[MAX_EVENTS];
        private HttpConnection connection;

        @Override
        public void establish() throws IOException {
            connection = HttpConnection.open(port);
            connection.send(GET);
            HttpConnection.Response head = connection.head();
            if (head.status() != 200) {
                throw new IOException("GET /events was answered " + head.status());
            }
        }

        /** Reads the stream and notes each {@code data: ev<k>} line as it arrives (the chunk framing is skipped over). */
        @Override
        public void keep() throws IOException {
            InputStream in = connection.input();
            byte[] buf = new byte[2048];
            int matched = 0;
            int number = -1; // the event number being read after the mark, -1 when not after one
            long until = System.nanoTime() + Held.LONGEST_HOLD.toNanos();
            for (int r = in.read(buf); r > 0 && System.nanoTime() < until; r = in.read(buf)) {
                long now = System.nanoTime();
                for (int i = 0; i < r; i++) {
                    byte b = buf[i];
                    if (number >= 0) {
                        if (b >= '0' && b <= '9' && number < MAX_EVENTS) {
                            number = number * 10 + (b - '0');
                            continue;
                        }
                        if (b == '\n' && number > 0 && number < MAX_EVENTS && arrived[number] == 0) {
                            arrived[number] = now;
                            CountDownLatch l = arrivals.get(number);
                            if (l != null) {
                                l.countDown();
                            }
                        }
                        number = -1;
                    }
                    // the mark has no border (no proper prefix that is also a suffix), so a mismatch restarts it
                    matched = b == MARK[matched] ? matched + 1 : b == MARK[0] ? 1 : 0;
                    if (matched == MARK.length) {
                        matched = 0;
                        number = 0;
                    }
                }
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
