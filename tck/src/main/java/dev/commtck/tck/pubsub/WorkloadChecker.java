package dev.commtck.tck.pubsub;

import dev.commtck.tck.pubsub.WorkloadRun.Publish;
import dev.commtck.tck.pubsub.WorkloadRun.Subscriber;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.SseEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks what the workload's subscribers received against what was published, one requirement per method: each finding
 * names who broke the rule and how, with the first offending messages. Only what is certain from the recorded answers
 * and times is blamed on the server: a message whose publish was not answered may or may not have been published, and
 * two publishes are ordered in real time only when one was answered before the other was sent (times in whole ms).
 */
final class WorkloadChecker {

    /** How many offending messages a finding quotes. */
    static final int QUOTED = 3;

    /**
     * One subscriber, publisher or topic that broke the rule.
     *
     * @param who    whom it concerns ({@code news-3}, {@code publisher-2}, a topic)
     * @param why    what happened, with the first offending messages
     * @param stream the stream that shows it, when there is one
     */
    record Finding(String who, String why, EventStream stream) {
    }

    /**
     * Publish-to-delivery latencies of every message every subscriber received, in ms.
     *
     * @param sorted  all of them, ascending
     * @param slowest the subscriber whose 99th percentile is the highest, and that percentile
     */
    record Latency(long[] sorted, String slowest) {

        long percentile(double p) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
        }

        @Override
        public String toString() {
            return sorted.length == 0 ? "no deliveries" : "p50 " + percentile(50) + " ms, p90 " + percentile(90) + " ms, p99 "
                    + percentile(99) + " ms, max " + sorted[sorted.length - 1] + " ms over " + sorted.length
                    + " deliveries; slowest subscriber: " + slowest;
        }
    }

    private final WorkloadRun run;
    private final Map<String, Publish> byMessage = new HashMap<>();

    WorkloadChecker(WorkloadRun run) {
        this.run = run;
        run.publishes().forEach(p -> byMessage.put(p.message(), p));
    }

    /** PS-FANOUT-1: every message of its topic, exactly once, with its sequence number as id. */
    List<Finding> fanOut() {
        List<Finding> findings = new ArrayList<>();
        for (Subscriber s : run.subscribers()) {
            Map<Publish, Integer> times = new LinkedHashMap<>();
            List<String> wrongIds = new ArrayList<>();
            for (SseEvent e : ofItsTopic(s)) {
                Publish p = byMessage.get(e.data());
                times.merge(p, 1, Integer::sum);
                if (p.published() && !e.hasId(String.valueOf(p.sequence()))) {
                    wrongIds.add(p + " came with " + e.id().map(id -> "id " + id).orElse("no id"));
                }
            }
            List<Publish> missing = run.publishes().stream().filter(p -> p.published() && p.topic().equals(s.topic())
                    && !times.containsKey(p)).sorted(Comparator.comparingLong(Publish::sequence)).toList();
            List<String> twice = times.entrySet().stream().filter(t -> t.getValue() > 1)
                    .map(t -> t.getKey() + " " + t.getValue() + " times").toList();
            List<String> problems = new ArrayList<>();
            long expected = run.publishes().stream().filter(p -> p.published() && p.topic().equals(s.topic())).count();
            if (!missing.isEmpty()) {
                problems.add("it missed " + missing.size() + " of the " + expected + " messages of its topic, " + first(missing));
            }
            if (!twice.isEmpty()) {
                problems.add("it received " + twice.size() + " message(s) more than once, " + first(twice));
            }
            if (!wrongIds.isEmpty()) {
                problems.add(wrongIds.size() + " message(s) came with an id other than their sequence number, " + first(wrongIds));
            }
            if (!problems.isEmpty()) {
                findings.add(new Finding(s.name(), String.join("; ", problems), s.stream()));
            }
        }
        return findings;
    }

    /**
     * PS-ORDER-1: each subscriber receives its topic's messages in sequence order, hence each publisher's in publishing
     * order; and a publish sent after another was answered gets the greater sequence number.
     */
    List<Finding> order() {
        List<Finding> findings = new ArrayList<>();
        for (Subscriber s : run.subscribers()) {
            List<Publish> arrived = firstArrivals(s);
            List<String> bySequence = inversions(arrived, Comparator.comparingLong(Publish::sequence));
            Map<String, List<Publish>> byPublisher = arrived.stream().collect(Collectors.groupingBy(Publish::publisher,
                    LinkedHashMap::new, Collectors.toList()));
            List<String> byItsPublisher = byPublisher.values().stream()
                    .flatMap(ps -> inversions(ps, Comparator.comparingInt(Publish::order)).stream()).toList();
            if (!bySequence.isEmpty() || !byItsPublisher.isEmpty()) {
                findings.add(new Finding(s.name(), "it received " + bySequence.size() + " message(s) after one with a greater"
                        + " sequence number" + (bySequence.isEmpty() ? "" : ", " + first(bySequence)) + "; "
                        + byItsPublisher.size() + " message(s) before an earlier one of the same publisher"
                        + (byItsPublisher.isEmpty() ? "" : ", " + first(byItsPublisher)), s.stream()));
            }
        }
        for (String topic : run.topics()) {
            List<String> backwards = numberedBackwards(topic);
            if (!backwards.isEmpty()) {
                findings.add(new Finding(topic, backwards.size() + " publish(es) sent after another publish to the topic"
                        + " was answered got a sequence number no greater than its, " + first(backwards), null));
            }
        }
        return findings;
    }

    /** PS-CLUSTER-1: no two messages of a topic answered with one sequence number (wherever they were published). */
    List<Finding> sharedNumbers() {
        List<Finding> findings = new ArrayList<>();
        for (String topic : run.topics()) {
            Map<Long, List<Publish>> bySequence = run.publishes().stream().filter(p -> p.published() && p.topic().equals(topic))
                    .collect(Collectors.groupingBy(Publish::sequence, java.util.TreeMap::new, Collectors.toList()));
            List<String> shared = bySequence.values().stream().filter(ps -> ps.size() > 1)
                    .map(ps -> ps.stream().map(Publish::toString).collect(Collectors.joining(" and "))).toList();
            if (!shared.isEmpty()) {
                findings.add(new Finding(topic, shared.size() + " sequence number(s) were each answered to more than one"
                        + " publish, " + first(shared), null));
            }
        }
        return findings;
    }

    /** PS-TOPIC-1: only messages of its topic. */
    List<Finding> isolation() {
        List<Finding> findings = new ArrayList<>();
        for (Subscriber s : run.subscribers()) {
            List<String> foreign = messages(s).stream().filter(e -> !ofItsTopic(s, e)).map(e -> {
                Publish p = byMessage.get(e.data());
                return (p == null ? "\"" + Text.quote(e.data(), 80) + "\", never published" : p + ", published to "
                        + p.topic()) + ", at +" + e.arrivalMs() + " ms";
            }).toList();
            if (!foreign.isEmpty()) {
                findings.add(new Finding(s.name(), "it received " + foreign.size() + " message(s) not published to its topic "
                        + s.topic() + ", " + first(foreign), s.stream()));
            }
        }
        return findings;
    }

    /** How long each message took from its publish to each subscriber that received it. */
    Latency latency() {
        List<Long> all = new ArrayList<>();
        String slowest = "none";
        long slowestP99 = -1;
        for (Subscriber s : run.subscribers()) {
            Set<String> seen = new HashSet<>();
            long[] mine = ofItsTopic(s).stream().filter(e -> seen.add(e.data()))
                    .mapToLong(e -> e.arrivalMs() - byMessage.get(e.data()).sentMs()).sorted().toArray();
            Arrays.stream(mine).forEach(all::add);
            long p99 = new Latency(mine, "").percentile(99);
            if (mine.length > 0 && p99 > slowestP99) {
                slowestP99 = p99;
                slowest = s.name() + " (p99 " + p99 + " ms, max " + mine[mine.length - 1] + " ms)";
            }
        }
        return new Latency(all.stream().mapToLong(Long::longValue).sorted().toArray(), slowest);
    }

    /** One line per subscriber, for the report. */
    String subscribers() {
        return run.subscribers().stream().map(s -> String.format("%-14s %s, active from +%d ms: %d messages of its topic%s",
                s.name(), s.topic(), s.activeMs(), ofItsTopic(s).size(),
                s.stream().endedByServer() ? "; ended by the server: " + s.stream().ending().orElse("") : ""))
                .collect(Collectors.joining("\n"));
    }

    private static List<SseEvent> messages(Subscriber s) {
        return s.events().stream().filter(e -> e.type().equals(SseEvent.DEFAULT_TYPE)).toList();
    }

    private boolean ofItsTopic(Subscriber s, SseEvent e) {
        Publish p = byMessage.get(e.data());
        return p != null && p.topic().equals(s.topic());
    }

    /** The subscriber's messages that were published to its topic, in the order they arrived. */
    private List<SseEvent> ofItsTopic(Subscriber s) {
        return messages(s).stream().filter(e -> ofItsTopic(s, e)).toList();
    }

    /** The numbered messages of its topic in the order of their first arrival (a duplicate is the fan-out's business). */
    private List<Publish> firstArrivals(Subscriber s) {
        return ofItsTopic(s).stream().map(e -> byMessage.get(e.data())).filter(Publish::published).distinct().toList();
    }

    /** Each message that arrived after one that should come after it. */
    private static List<String> inversions(List<Publish> arrived, Comparator<Publish> order) {
        List<String> found = new ArrayList<>();
        Publish greatest = null;
        for (Publish p : arrived) {
            if (greatest != null && order.compare(p, greatest) < 0) {
                found.add(p + " after " + greatest);
            } else {
                greatest = p;
            }
        }
        return found;
    }

    /** Publishes of the topic that got a number no greater than a publish answered before they were sent. */
    private List<String> numberedBackwards(String topic) {
        List<Publish> published = run.publishes().stream().filter(p -> p.published() && p.topic().equals(topic)).toList();
        List<Publish> bySent = published.stream().sorted(Comparator.comparingLong(Publish::sentMs)).toList();
        List<Publish> byAnswer = published.stream().sorted(Comparator.comparingLong(Publish::answeredMs)).toList();
        List<String> found = new ArrayList<>();
        Publish greatestAnswered = null;
        int answered = 0;
        for (Publish p : bySent) {
            while (answered < byAnswer.size() && byAnswer.get(answered).answeredMs() < p.sentMs()) {
                Publish a = byAnswer.get(answered++);
                if (greatestAnswered == null || a.sequence() > greatestAnswered.sequence()) {
                    greatestAnswered = a;
                }
            }
            if (greatestAnswered != null && p.sequence() <= greatestAnswered.sequence()) {
                found.add(p + ", sent after " + greatestAnswered + " was answered");
            }
        }
        return found;
    }

    private static <T> String first(List<T> items) {
        return (items.size() == 1 ? "" : "the first " + Math.min(QUOTED, items.size()) + ": ")
                + items.stream().limit(QUOTED).map(Object::toString).collect(Collectors.joining("; "));
    }
}
