package dev.commtck.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Event streams held open and the delivery measured over them: events published with a {@code POST}, and for each
 * stream the time from just before the publish was sent until the event's data line was read. Two ways to publish:
 * {@link #fanOut} one at a time, the next only when every stream has the last (or its bound passed), to measure one
 * event's fan-out; {@link #paced} at a steady rate whatever the streams do, to measure delivery under a workload. The
 * same streams serve the SSE events resource ({@code GET /events}, {@code POST /events}, spec/sse.md) and a pub/sub
 * topic ({@code GET /topics/T/events}, {@code POST /topics/T/messages}, spec/pub-sub.md).
 */
final class SseStreams {

    /** The data line of the events this client publishes: {@code data: ev<k>}. */
    private static final byte[] MARK = "data: ev".getBytes(StandardCharsets.US_ASCII);

    /** The nodes' ports: streams are spread over them, events published on the first. */
    private final List<Integer> ports;
    private final String publishPath;
    private final byte[] get;
    /** Events one client can publish in its life. */
    private final int maxEvents;
    private final Held<Subscriber> held = new Held<>();
    private final AtomicReferenceArray<CountDownLatch> arrivals;
    private int published;

    /** Streams of {@code streamPath}, to which a {@code POST} of {@code publishPath} publishes. */
    SseStreams(List<Integer> ports, String streamPath, String publishPath, int maxEvents) {
        this.ports = List.copyOf(ports);
        this.publishPath = publishPath;
        this.get = ("GET " + streamPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.maxEvents = maxEvents;
        this.arrivals = new AtomicReferenceArray<>(maxEvents);
    }

    Held.Growth hold(int total, Duration bound) throws InterruptedException {
        return held.grow(total, i -> new Subscriber(ports.get(i % ports.size())), bound);
    }

    int close() throws InterruptedException {
        return held.closeAll();
    }

    /**
     * Publishes {@code events} events one after the other and measures their delivery: every stream's latency pooled
     * over the events ({@code p50Ms}, {@code p99Ms}, {@code maxMs}), each event's time until all had it, the deliveries
     * missing after the bound, and the publish's round trip.
     */
    Map<String, Object> fanOut(int events, Duration bound) throws IOException, InterruptedException {
        long[] sent = new long[events];
        int[] numbers = new int[events];
        long[] publishRtt = new long[events];
        try (HttpConnection publisher = HttpConnection.open(ports.get(0))) {
            for (int e = 0; e < events; e++) {
                numbers[e] = next();
                sent[e] = System.nanoTime();
                publish(publisher, numbers[e], bound);
                publishRtt[e] = System.nanoTime() - sent[e];
                arrivals.get(numbers[e]).await(bound.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return deliveries(numbers, sent, publishRtt);
    }

    /**
     * Publishes {@code events} events at {@code perSecond} a second (each at its planned time, or at once when the
     * publisher fell behind), then waits at most {@code bound} for the last deliveries, and measures them as
     * {@link #fanOut} does; {@code publishedPerSecond} is the rate the publisher kept.
     */
    Map<String, Object> paced(int events, int perSecond, Duration bound) throws IOException, InterruptedException {
        long[] sent = new long[events];
        int[] numbers = new int[events];
        long[] publishRtt = new long[events];
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        try (HttpConnection publisher = HttpConnection.open(ports.get(0))) {
            for (int e = 0; e < events; e++) {
                numbers[e] = next();
                for (long wait = start + e * interval - System.nanoTime(); wait > 0; wait = start + e * interval - System.nanoTime()) {
                    LockSupport.parkNanos(wait); // the publisher's pace, not a wait for anything to happen
                }
                sent[e] = System.nanoTime();
                publish(publisher, numbers[e], bound);
                publishRtt[e] = System.nanoTime() - sent[e];
            }
        }
        long deadline = System.nanoTime() + bound.toNanos();
        for (int k : numbers) {
            arrivals.get(k).await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        Map<String, Object> m = deliveries(numbers, sent, publishRtt);
        m.put("publishedPerSecond", events < 2 ? Double.NaN : (events - 1) / ((sent[events - 1] - sent[0]) / 1e9));
        return m;
    }

    /** The number of the next event, with its latch for every held stream. */
    private int next() {
        int k = ++published;
        if (k >= maxEvents) {
            throw new IllegalStateException("at most " + (maxEvents - 1) + " events per client");
        }
        arrivals.set(k, new CountDownLatch(held.sessions().size()));
        return k;
    }

    private void publish(HttpConnection publisher, int k, Duration bound) throws IOException {
        byte[] request = HttpConnection.request("POST", publishPath, "text/plain; charset=utf-8",
                ("ev" + k).getBytes(StandardCharsets.US_ASCII));
        ScheduledFuture<?> watchdog = Watchdog.after(bound, publisher::close);
        HttpConnection.Response r = publisher.exchange(request);
        watchdog.cancel(false);
        if (r.status() / 100 != 2) {
            throw new IOException("the publish was answered " + r.status() + ": " + r.text());
        }
    }

    /** Every stream's delivery of the events {@code numbers}, published at {@code sent}. */
    private Map<String, Object> deliveries(int[] numbers, long[] sent, long[] publishRtt) {
        List<Subscriber> streams = held.sessions();
        long[] latencies = new long[numbers.length * streams.size()];
        int n = 0;
        int missing = 0;
        List<Double> allHaveItMs = new ArrayList<>();
        for (int e = 0; e < numbers.length; e++) {
            long last = 0;
            for (Subscriber s : streams) {
                long at = s.arrived[numbers[e]];
                if (at == 0) {
                    missing++;
                } else {
                    latencies[n++] = at - sent[e];
                    last = Math.max(last, at - sent[e]);
                }
            }
            allHaveItMs.add(last / 1e6);
        }
        Map<String, Object> m = Stats.of(Arrays.copyOf(latencies, n));
        m.put("streams", streams.size());
        m.put("events", numbers.length);
        m.put("missing", missing);
        m.put("allHaveItMs", allHaveItMs);
        m.put("triggerP50Ms", Stats.of(publishRtt).get("p50Ms"));
        return m;
    }

    /**
     * One stream: its connection, and when each of this client's events arrived on it (0: not yet). Once its head is
     * read, the stream is read by {@link Readers}, which notes each {@code data: ev<k>} line as it arrives (the chunk
     * framing is skipped over); its thread only waits for the stream to end.
     */
    private final class Subscriber implements Held.Session, Readers.Sink {
        final long[] arrived = new long[maxEvents];
        private final int port;
        private final CountDownLatch ended = new CountDownLatch(1);
        private HttpConnection connection;
        /** How much of the mark has been matched. */
        private int matched;

        Subscriber(int port) {
            this.port = port;
        }
        /** The event number being read after the mark, -1 when not after one. */
        private int number = -1;

        @Override
        public void establish() throws IOException {
            connection = HttpConnection.open(port);
            connection.send(get);
            HttpConnection.Response head = connection.head();
            if (head.status() != 200) {
                throw new IOException(new String(get, StandardCharsets.US_ASCII).lines().findFirst().orElseThrow()
                        + " was answered " + head.status());
            }
            connection.listen(this);
        }

        @Override
        public void keep() throws IOException {
            try {
                ended.await(Held.LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void read(ByteBuffer bytes, long now) {
            while (bytes.hasRemaining()) {
                byte b = bytes.get();
                if (number >= 0) {
                    if (b >= '0' && b <= '9' && number < maxEvents) {
                        number = number * 10 + (b - '0');
                        continue;
                    }
                    if (b == '\n' && number > 0 && number < maxEvents && arrived[number] == 0) {
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

        @Override
        public void ended() {
            ended.countDown();
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.close();
            }
            ended.countDown();
        }
    }
}
