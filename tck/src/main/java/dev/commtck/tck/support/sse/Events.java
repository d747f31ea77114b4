package dev.commtck.tck.support.sse;

import dev.commtck.tck.support.Text;
import java.util.List;
import java.util.function.Predicate;

/** Slices of what a stream received, for checks that compare two streams (a resumed one with one that stayed open). */
public final class Events {

    private Events() {
    }

    /** The events up to and including the first that matches; all of them when none does. */
    public static List<SseEvent> upToAndIncluding(List<SseEvent> events, Predicate<SseEvent> last) {
        int end = 0;
        while (end < events.size() && !last.test(events.get(end))) {
            end++;
        }
        return events.subList(0, Math.min(end + 1, events.size()));
    }

    /** The events after the first that matches; none when none does. */
    public static List<SseEvent> after(List<SseEvent> events, Predicate<SseEvent> first) {
        int start = 0;
        while (start < events.size() && !first.test(events.get(start))) {
            start++;
        }
        return events.subList(Math.min(start + 1, events.size()), events.size());
    }

    /** One line per event, for a failure message: its id, type and data. */
    public static List<String> describe(List<SseEvent> events) {
        return events.stream().map(e -> e.id().orElse("no id") + " " + e.type() + " " + Text.quote(e.data(), 60)).toList();
    }
}
