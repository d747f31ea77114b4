package dev.commtck.tck.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a test did to the target and what came back, in order, with times relative to the test's start. Every probe
 * records here; the extension turns it into Allure steps and attachments, and a failure quotes its last entries.
 * Thread-safe: concurrent probes record into the same evidence.
 */
public final class Evidence {

    /** Entries beyond this many are counted but not kept, so a long workload cannot fill the heap. */
    static final int MAX_ENTRIES = 300;

    /**
     * One thing that happened.
     *
     * @param startMs     when it began, in ms since the test started
     * @param endMs       when it ended
     * @param title       one line: {@code POST /hello "ping" → 200 "pong" (2 ms)}
     * @param attachments full texts by name (request, response, transcript…)
     */
    public record Entry(long startMs, long endMs, String title, Map<String, String> attachments) {
    }

    private final long startNanos = System.nanoTime();
    private final long startEpochMs = System.currentTimeMillis();
    private final List<Entry> entries = new ArrayList<>();
    private final Redactor redactor;
    private int dropped;
    private volatile String lastRequest = "";

    /** Evidence that records what it is given as it is. */
    public Evidence() {
        this(Redactor.none());
    }

    /** Evidence that masks the credentials {@code redactor} knows in everything recorded. */
    public Evidence(Redactor redactor) {
        this.redactor = redactor;
    }

    /** Milliseconds since the test started. */
    public long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Wall-clock time of the test's start, for reports that need absolute times. */
    public long startEpochMs() {
        return startEpochMs;
    }

    public void record(long startMs, String title, Map<String, String> attachments) {
        Map<String, String> kept = new LinkedHashMap<>();
        attachments.forEach((name, text) -> kept.put(name, redactor.redact(text)));
        Entry e = new Entry(startMs, now(), redactor.redact(title), kept);
        synchronized (entries) {
            if (entries.size() < MAX_ENTRIES) {
                entries.add(e);
            } else {
                dropped++;
            }
        }
    }

    /**
     * Milliseconds the kit itself could not run between two test times ({@link SchedulingDelay}), which a wait for
     * something that must happen by a deadline allows for ({@link Deadline}).
     */
    public long kitLostBetween(long fromMs, long toMs) {
        return SchedulingDelay.meter().lostBetween(nanosAt(fromMs), nanosAt(toMs));
    }

    /**
     * Whether what began at {@code fromMs} and ended at {@code toMs} took at most {@code allowedMs}, allowing for the time
     * the kit itself could not run meanwhile: it may have seen the end only that much later than it came.
     */
    public boolean withinAllowingForTheKit(long fromMs, long toMs, long allowedMs) {
        return toMs - fromMs <= allowedMs + kitLostBetween(fromMs, toMs);
    }

    /** The {@link System#nanoTime} of a moment of this test's clock. */
    long nanosAt(long ms) {
        return startNanos + ms * 1_000_000;
    }

    /** Notes the request a client is about to send, so that a failure can name where it went. */
    public void requested(String method, URI uri) {
        lastRequest = method + " " + uri;
    }

    /** The last request any client of the test sent, {@code POST https://host/api/hello}; empty if none. */
    public String lastRequest() {
        return redactor.redact(lastRequest);
    }

    /** A fact worth reporting that is not an exchange, such as the values a series of polls returned. */
    public void note(String title) {
        long t = now();
        record(t, title, Map.of());
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    public int dropped() {
        synchronized (entries) {
            return dropped;
        }
    }

    /** The last few entries, one line each, for a failure message. */
    public String tail(int count) {
        List<Entry> all = entries();
        StringBuilder sb = new StringBuilder();
        for (Entry e : all.subList(Math.max(0, all.size() - count), all.size())) {
            sb.append("  +").append(e.startMs()).append(" ms  ").append(e.title()).append('\n');
        }
        return sb.toString();
    }
}
