package dev.commtck.tck.messagequeue;

import dev.commtck.tck.support.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the workload did to a queue and what came back: every send, delivery and acknowledgement, with who did
 * it, when (nanoseconds since the workload started, from the moment the request was sent to the moment its answer was
 * read) and with which receipt. Thread-safe while it is written; read once the workload has ended.
 */
final class History {

    /** Failed receives beyond this many are counted, not kept. */
    static final int MAX_FAILURES = 200;
    /**
     * Failed requests in a row after which the workload stops: a server that answers nothing properly is not being
     * evaluated any more, and each failed exchange may hold client buffers (a 1 MiB header) until the run ends.
     */
    static final int MAX_FAILURES_IN_A_ROW = 20;

    /** A send, answered ({@code status}) or not ({@code status} 0, with the {@code failure}). */
    record Send(String who, String body, long start, long end, int status, String id, String failure) {
        boolean stored() {
            return status == 201;
        }
    }

    /** One message of a receive's answer; {@code start} and {@code end} are the receive's. */
    record Delivered(String who, Delivery delivery, long start, long end) {
    }

    /** An acknowledgement of one delivery, answered ({@code status}) or not ({@code status} 0). */
    record Ack(String who, Delivered of, long start, long end, int status, String failure) {
        boolean accepted() {
            return status / 100 == 2;
        }

        /** A definite answer that is not 2xx: the server refused it (a lost answer refuses nothing). */
        boolean refused() {
            return status != 0 && !accepted();
        }
    }

    /** A request whose outcome the workload could not read, such as a receive answered with garbage. */
    record Failure(String who, String what, long start, long end) {
    }

    /** Everything that happened to one message (one body), in the order it happened. */
    record Message(String body, List<Send> sends, List<Delivered> deliveries, List<Ack> acks) {

        boolean stored() {
            return sends.stream().anyMatch(Send::stored);
        }

        boolean acknowledged() {
            return acks.stream().anyMatch(Ack::accepted);
        }

        /** The message's history, one line per event, for a failure message or the report. */
        String render() {
            record Line(long start, String text) {
            }
            List<Line> lines = new ArrayList<>();
            for (Send s : sends) {
                lines.add(new Line(s.start(), span(s.start(), s.end()) + s.who() + " send → "
                        + (s.status() == 0 ? "no answer (" + s.failure() + ")" : s.status() + (s.id() == null ? "" : ", id "
                        + s.id()))));
            }
            for (Delivered d : deliveries) {
                lines.add(new Line(d.start(), span(d.start(), d.end()) + d.who() + " receive → delivery "
                        + d.delivery().deliveryCount() + ", id " + d.delivery().id() + ", receipt " + d.delivery().receipt()));
            }
            for (Ack a : acks) {
                lines.add(new Line(a.start(), span(a.start(), a.end()) + a.who() + " ack " + a.of().delivery().receipt()
                        + " → " + (a.status() == 0 ? "no answer (" + a.failure() + ")" : a.status())));
            }
            lines.sort(Comparator.comparingLong(Line::start));
            StringBuilder sb = new StringBuilder("message " + Text.quote(body) + ":\n");
            lines.forEach(l -> sb.append("  ").append(l.text()).append('\n'));
            return sb.toString();
        }
    }

    private final String queue;
    private final long origin = System.nanoTime();
    private final ConcurrentLinkedQueue<Send> sends = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Delivered> deliveries = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> notes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failureCount = new AtomicInteger();
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private volatile long restartStart = Long.MAX_VALUE;
    private volatile long restartEnd = Long.MAX_VALUE;

    History(String queue) {
        this.queue = queue;
    }

    String queue() {
        return queue;
    }

    /** Nanoseconds since the workload started. */
    long now() {
        return System.nanoTime() - origin;
    }

    void sent(Send s) {
        sends.add(s);
    }

    Delivered delivered(String who, Delivery d, long start, long end) {
        Delivered delivered = new Delivered(who, d, start, end);
        deliveries.add(delivered);
        return delivered;
    }

    void acked(Ack a) {
        acks.add(a);
    }

    /** Records a failed request; true when the workload should stop: too many failures in all, or in a row. */
    boolean failedTooOften(Failure f) {
        if (failureCount.get() < MAX_FAILURES) {
            failures.add(f);
        }
        int inARow = failuresInARow.incrementAndGet();
        return failureCount.incrementAndGet() >= MAX_FAILURES || inARow >= MAX_FAILURES_IN_A_ROW;
    }

    /** A request was answered: the failures in a row start again from none. */
    void answered() {
        failuresInARow.set(0);
    }

    /** Why the workload stopped after failures, for its ERROR. */
    String failureStop(String last) {
        return "the workload stopped after " + failureCount.get() + " failed requests (" + failuresInARow.get()
                + " in a row); the last: " + last;
    }

    /** The server was restarted (killed, then started again) between these two moments. */
    void restarted(long start, long end) {
        restartStart = start;
        restartEnd = end;
        note("the server was restarted from " + HistoryChecker.ms(start) + " to " + HistoryChecker.ms(end));
    }

    /** When the restart began, if there was one: a lease running then may have ended with the server. */
    long restartStart() {
        return restartStart;
    }

    /** When the server accepted connections again after its restart; {@link Long#MAX_VALUE} without a restart. */
    long restartEnd() {
        return restartEnd;
    }

    void note(String text) {
        notes.add(span(now(), now()) + text);
    }

    /** Every message that was sent or delivered, in the order of its first send (unexpected ones last). */
    Map<String, Message> messages() {
        Map<String, Message> out = new LinkedHashMap<>();
        sends.stream().sorted(Comparator.comparingLong(Send::start))
                .forEach(s -> message(out, s.body()).sends().add(s));
        deliveries.stream().sorted(Comparator.comparingLong(Delivered::start))
                .forEach(d -> message(out, d.delivery().body()).deliveries().add(d));
        acks.stream().sorted(Comparator.comparingLong(Ack::start))
                .forEach(a -> message(out, a.of().delivery().body()).acks().add(a));
        return out;
    }

    private static Message message(Map<String, Message> all, String body) {
        return all.computeIfAbsent(body, b -> new Message(b, new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    }

    /** Counts, in one sentence. */
    String summary() {
        long stored = sends.stream().filter(Send::stored).count();
        long firsts = deliveries.stream().filter(d -> d.delivery().deliveryCount() == 1).count();
        long accepted = acks.stream().filter(Ack::accepted).count();
        long refused = acks.stream().filter(Ack::refused).count();
        return sends.size() + " sends (" + stored + " answered 201) to queue " + queue + "; " + deliveries.size()
                + " deliveries (" + firsts + " first, " + (deliveries.size() - firsts) + " again); " + acks.size()
                + " acknowledgements (" + accepted + " accepted, " + refused + " refused); " + failureCount.get()
                + " failed requests";
    }

    /** The whole history, for the report: notes, failures, then every message's history. */
    String render() {
        StringBuilder sb = new StringBuilder(summary()).append("\nTimes are ms since the workload started: when a request"
                + " was sent → when its answer was read.\n\n");
        notes.forEach(n -> sb.append(n).append('\n'));
        failures.forEach(f -> sb.append(span(f.start(), f.end())).append(f.who()).append(' ').append(f.what()).append('\n'));
        if (failureCount.get() > failures.size()) {
            sb.append("… and ").append(failureCount.get() - failures.size()).append(" more failed requests\n");
        }
        sb.append('\n');
        messages().values().forEach(m -> sb.append(m.render()));
        return sb.toString();
    }

    /** {@code +12.3 → +13.1 ms  }: when a request was sent and when its answer came. */
    static String span(long start, long end) {
        return String.format(java.util.Locale.ROOT, "+%.1f → +%.1f ms  ", start / 1e6, end / 1e6);
    }
}
