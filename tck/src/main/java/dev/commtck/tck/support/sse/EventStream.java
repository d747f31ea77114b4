package dev.commtck.tck.support.sse;

import dev.commtck.tck.support.Deadline;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.HttpProbe;
import dev.commtck.tck.support.Request;
import dev.commtck.tck.support.Text;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * One event-stream response being read: its head, every chunk, line and event with the time it arrived, and how it
 * ended. The bytes are read in the background as they come (decoded from gzip when the server compressed them) and
 * interpreted by an {@link SseParser}; a test waits for what it expects with a deadline, never longer. Reading stops at
 * {@link #MAX_BYTES}, or at the larger limit a load check opens the stream with (of which the first {@link #MAX_BYTES}
 * are kept); {@link #close} ends the exchange and records the stream's transcript in the test's evidence.
 *
 * <p>Times are milliseconds since the test started ({@link Evidence#now}). Thread-safe.
 */
public final class EventStream implements AutoCloseable {

    /**
     * The most the kit reads of one stream, coded or decoded, unless the check that opens it says otherwise; then it
     * stops reading and closes the connection. With the lines and events kept from those bytes, a stream holds a few
     * MiB at most, even when a check opens twenty.
     */
    public static final int MAX_BYTES = HttpProbe.MAX_BODY;
    /** Lines, events and chunks beyond this many are counted but not kept. */
    static final int MAX_KEPT = 10_000;
    private static final int TRANSCRIPT_LINES = 2_000;
    private static final int SHOWN_CHARS = 300;
    private static final int SHOWN_BYTES = 16 * 1024;

    /**
     * One piece of the body as the network delivered it.
     *
     * @param arrivalMs    when it arrived
     * @param codedBytes   its size as sent (compressed, if the server compressed)
     * @param decodedBytes its size after decoding (0 for a coding the kit does not decode)
     */
    public record Chunk(long arrivalMs, int codedBytes, int decodedBytes) {
    }

    private final Request request;
    private final URI uri;
    /** {@code node 2: } when the stream is on a node of a cluster check, else empty. */
    private final String node;
    private final Evidence evidence;
    private final long readLimit;
    private final long startMs;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final List<Chunk> chunks = new ArrayList<>();
    private final List<SseLine> lines = new ArrayList<>();
    private final List<SseEvent> events = new ArrayList<>();
    private final SseParser parser = new SseParser(new SseParser.Listener() {
        @Override
        public void line(SseLine line) {
            keep(lines, line);
        }

        @Override
        public void event(SseEvent event) {
            keep(events, event);
        }
    });

    private int status;
    private Map<String, List<String>> headers = Map.of();
    private long headersMs = -1;
    private String coding = "";
    private GzipDecoder gzip;
    private long codedBytes;
    private long decodedBytes;
    private long lastArrivalMs = -1;
    private long longestGapMs;
    private int dropped;
    private Flow.Subscription subscription;
    private long endedMs = -1;
    private String ending = "";
    private boolean endedByServer;
    private boolean recorded;

    EventStream(Request request, URI uri, String node, Evidence evidence, long readLimit) {
        this.request = request;
        this.node = node;
        this.uri = uri;
        this.evidence = evidence;
        this.readLimit = readLimit;
        this.startMs = evidence.now();
    }

    // ---- what the test reads

    public int status() {
        return status;
    }

    /** The first value of a response header (names are case-insensitive). */
    public Optional<String> header(String name) {
        List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The response as an exchange whose body is what has arrived so far, for {@link dev.commtck.tck.support.Expect}. */
    public Exchange head() {
        return locked(() -> new Exchange(request, uri, status, headers, body.toByteArray(), true, startMs, headersMs,
                headersMs < 0 ? headersMs : evidence.now()));
    }

    /** When the status line and headers arrived. */
    public long headersMs() {
        return headersMs;
    }

    /** The response's content coding, lower-case: empty for none, {@code gzip}, or one the kit does not decode. */
    public String contentCoding() {
        return coding;
    }

    /** Whether the kit can read events from this stream: it is not compressed, or compressed with gzip. */
    public boolean decodable() {
        return coding.isEmpty() || gzip != null;
    }

    public List<SseEvent> events() {
        return locked(() -> List.copyOf(events));
    }

    public List<SseLine> lines() {
        return locked(() -> List.copyOf(lines));
    }

    public List<Chunk> chunks() {
        return locked(() -> List.copyOf(chunks));
    }

    /** The body as decoded so far, at most its first {@link #MAX_BYTES}: the bytes the parser read first. */
    public byte[] body() {
        return locked(body::toByteArray);
    }

    /**
     * The longest time the stream carried nothing, from its head until {@code untilMs} (or until it ended, if
     * earlier): the gaps between the arrivals of its bytes. Kept as the bytes arrive, so it covers the whole stream
     * however long it runs.
     */
    public long longestSilence(long untilMs) {
        return locked(() -> headersMs < 0 ? 0 : Math.max(longestGapMs,
                Math.max(0, (endedMs < 0 ? untilMs : Math.min(untilMs, endedMs)) - lastArrivalMs)));
    }

    /** Whether the response is still being read: neither the server nor the kit has ended it. */
    public boolean isOpen() {
        return locked(() -> endedMs < 0);
    }

    /** Whether the server ended the response (or broke the connection) before the kit closed it. */
    public boolean endedByServer() {
        return locked(() -> endedByServer);
    }

    /** How the stream ended, in words with its time, or empty while it is open. */
    public Optional<String> ending() {
        return locked(() -> endedMs < 0 ? Optional.empty() : Optional.of(ending + " at +" + endedMs + " ms"));
    }

    // ---- waiting, always bounded

    /**
     * Waits until the condition holds or the deadline (in test time) passes, whichever comes first; returns whether it
     * holds. The condition is evaluated with the stream locked, each time something arrives. The deadline moves on by
     * the time the kit itself could not run during the wait ({@link Deadline}).
     */
    public boolean awaitUntil(Predicate<EventStream> condition, long deadlineMs) {
        Deadline deadline = Deadline.at(evidence, deadlineMs);
        lock.lock();
        try {
            while (!condition.test(this)) {
                long left = deadline.nanosLeft();
                if (left <= 0) {
                    return false;
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return condition.test(this);
        } finally {
            lock.unlock();
        }
    }

    /** The first event that matches, waiting for it until the deadline. */
    public Optional<SseEvent> awaitEvent(Predicate<SseEvent> match, long deadlineMs) {
        awaitUntil(s -> s.events.stream().anyMatch(match) || s.endedMs >= 0, deadlineMs);
        return locked(() -> events.stream().filter(match).findFirst());
    }

    /** Watches the stream until the deadline, or until it ends if that comes first; returns whether it is still open. */
    public boolean watchUntil(long deadlineMs) {
        awaitUntil(s -> s.endedMs >= 0, deadlineMs);
        return isOpen();
    }

    // ---- evidence

    /** For a failure message: the stream's request and head, how it stands, its last lines, and how to repeat it. */
    public String describe() {
        return locked(() -> {
            StringBuilder sb = new StringBuilder("Stream:\n  ").append(summary()).append("\nLast lines:\n");
            List<SseLine> tail = lines.subList(Math.max(0, lines.size() - 12), lines.size());
            if (tail.isEmpty()) {
                sb.append("  (none)\n");
            }
            tail.forEach(l -> sb.append("  +").append(l.arrivalMs()).append(" ms  ").append(Text.quote(l.text(), 120)).append('\n'));
            return sb.append("Reproduce:\n  ").append(head().curl().replaceFirst("^curl ", "curl -N ")).toString();
        });
    }

    /** Stops reading (the connection is closed) and records the transcript in the evidence, once. */
    @Override
    public void close() {
        Flow.Subscription s;
        lock.lock();
        try {
            if (endedMs < 0) {
                end("closed by the kit", false);
            }
            s = subscription;
            if (recorded) {
                return;
            }
            recorded = true;
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.cancel();
        }
        record();
    }

    private void record() {
        Map<String, String> attachments = new LinkedHashMap<>();
        attachments.put("request", head().requestText());
        attachments.put("response head", headersMs < 0 ? "(no response head)" : head().responseText());
        attachments.put("transcript", transcript());
        attachments.put("events", eventList());
        attachments.put("bytes", escaped(body()));
        evidence.record(startMs, "SSE " + summary(), attachments);
    }

    private String summary() {
        StringBuilder sb = new StringBuilder(node).append(request.method()).append(' ').append(head().requestTarget());
        request.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Accept") && !k.equalsIgnoreCase("User-Agent")) {
                sb.append(" [").append(k).append(": ").append(v).append(']');
            }
        });
        if (headersMs < 0) {
            return sb.append(" → no response head").append(ending.isEmpty() ? "" : "; " + ending).toString();
        }
        sb.append(" → ").append(status).append(' ').append(head().mediaType());
        if (!coding.isEmpty()) {
            sb.append(" (").append(coding).append(decodable() ? ")" : ", not decoded by the kit)");
        }
        long comments = lines.stream().filter(l -> l.kind() == SseLine.Kind.COMMENT).count();
        sb.append(" at +").append(headersMs).append(" ms: ").append(events.size()).append(events.size() == 1 ? " event, " : " events, ")
                .append(comments).append(comments == 1 ? " comment, " : " comments, ").append(codedBytes).append(" bytes");
        return sb.append(endedMs < 0 ? "; open" : "; " + ending + " at +" + endedMs + " ms").toString();
    }

    private String transcript() {
        StringBuilder sb = new StringBuilder();
        List<SseLine> shown = lines.subList(0, Math.min(lines.size(), TRANSCRIPT_LINES));
        shown.forEach(l -> sb.append('+').append(l.arrivalMs()).append(" ms  ").append(Text.quote(l.text(), SHOWN_CHARS)).append('\n'));
        if (lines.size() > shown.size() || dropped > 0) {
            sb.append("… further lines not shown\n");
        }
        return sb.append(endedMs < 0 ? "(open)" : "(" + ending + " at +" + endedMs + " ms)").toString();
    }

    private String eventList() {
        StringBuilder sb = new StringBuilder();
        for (SseEvent e : events) {
            sb.append('+').append(e.arrivalMs()).append(" ms  ").append(e.id().map(id -> "id " + id).orElse("no id"))
                    .append("  ").append(e.type()).append("  ").append(Text.quote(e.data(), SHOWN_CHARS)).append('\n');
        }
        return sb.isEmpty() ? "(no events)" : sb.toString();
    }

    /** Bytes with CR and LF made visible, cut after {@link #SHOWN_BYTES}. */
    private static String escaped(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, SHOWN_BYTES), StandardCharsets.UTF_8)
                .replace("\r", "\\r").replace("\n", "\\n\n");
        return bytes.length > SHOWN_BYTES ? s + "\n… [" + (bytes.length - SHOWN_BYTES) + " more bytes]" : s;
    }

    // ---- what the network delivers

    /** The body subscriber for the response whose head has just arrived. */
    HttpResponse.BodySubscriber<EventStream> subscriber(HttpResponse.ResponseInfo info) {
        lock.lock();
        try {
            headersMs = evidence.now();
            lastArrivalMs = headersMs;
            status = info.statusCode();
            Map<String, List<String>> h = new LinkedHashMap<>();
            info.headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            headers = h;
            coding = header("content-encoding").map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("");
            if (coding.equals("identity")) {
                coding = "";
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = new GzipDecoder();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return new Subscriber();
    }

    /** The exchange ended from the server's side: the response ended, the connection broke, no head came. */
    void ended(String how) {
        lock.lock();
        try {
            if (endedMs < 0) {
                end(how, true);
            }
        } finally {
            lock.unlock();
        }
    }

    private void received(ByteBuffer buffer) {
        long now = evidence.now();
        longestGapMs = Math.max(longestGapMs, now - lastArrivalMs);
        lastArrivalMs = now;
        byte[] coded = new byte[buffer.remaining()];
        buffer.get(coded);
        codedBytes += coded.length;
        byte[] decoded = coded;
        try {
            if (gzip != null) {
                decoded = gzip.decode(coded, 0, coded.length);
            } else if (!coding.isEmpty()) {
                decoded = new byte[0];
            }
        } catch (IOException e) {
            keep(chunks, new Chunk(now, coded.length, 0));
            stopReading("the kit could not decode the body: " + e.getMessage());
            return;
        }
        keep(chunks, new Chunk(now, coded.length, decoded.length));
        body.write(decoded, 0, (int) Math.min(decoded.length, Math.max(0, MAX_BYTES - body.size())));
        decodedBytes += decoded.length;
        parser.feed(decoded, 0, decoded.length, now);
        if (decodedBytes > readLimit || codedBytes > readLimit) {
            stopReading("the kit stopped reading after " + readLimit + " bytes");
        }
    }

    private void stopReading(String why) {
        end(why, true);
        subscription.cancel();
    }

    /** Marks the end; called with the lock held. */
    private void end(String how, boolean byServer) {
        endedMs = evidence.now();
        ending = how;
        endedByServer = byServer;
        parser.end();
        changed.signalAll();
    }

    private <T> void keep(List<T> list, T item) {
        if (list.size() < MAX_KEPT) {
            list.add(item);
        } else {
            dropped++;
        }
    }

    private <T> T locked(java.util.function.Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /** Feeds the stream from the HTTP client, on the client's threads. */
    private final class Subscriber implements HttpResponse.BodySubscriber<EventStream> {

        @Override
        public CompletionStage<EventStream> getBody() {
            return CompletableFuture.completedFuture(EventStream.this); // the stream is usable once its head is in
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            lock.lock();
            try {
                subscription = s;
                if (endedMs >= 0) {
                    s.cancel(); // closed by the kit before the body began
                    return;
                }
            } finally {
                lock.unlock();
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            lock.lock();
            try {
                for (ByteBuffer item : items) {
                    if (endedMs >= 0) {
                        return;
                    }
                    received(item);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onError(Throwable t) {
            ended("the connection failed (" + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ")");
        }

        @Override
        public void onComplete() {
            ended("the server ended the response");
        }
    }
}
