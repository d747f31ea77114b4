package dev.commtck.tck.support.sse;

import dev.commtck.tck.support.Text;
import java.util.List;
import java.util.function.Predicate;

/** Slices of what a stream received, for checks that compare two streams (a resumed one with one that stayed open). */
public final class Events {

    private static final int SHOWN_CHARS = 100;

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

    /**
     * The events that carry an id: the stream's place in the server's sequence of events, without the notices that go
     * to one stream only (the stale signal, a server's notices of its own type), which carry none.
     */
    public static List<SseEvent> withIds(List<SseEvent> events) {
        return events.stream().filter(SseEvent::carriesId).toList();
    }

    /** Each event whole, as one string to compare: its id, type and all of its data. */
    public static List<String> exactly(List<SseEvent> events) {
        return events.stream().map(e -> exactly(e.id().orElse("no id"), e.type(), e.data())).toList();
    }

    /** An event whole, as {@link #exactly(List)} has it. */
    public static String exactly(String id, String type, String data) {
        return id + " " + type + " " + data;
    }

    /**
     * How two lists of events as {@link #exactly(List)} has them differ, in one sentence for a failure message, when
     * they are too long to quote: how many each has, and the first place where they differ.
     */
    public static String difference(List<String> expected, List<String> got) {
        int same = 0;
        while (same < expected.size() && same < got.size() && expected.get(same).equals(got.get(same))) {
            same++;
        }
        String sizes = got.size() + " events where " + expected.size() + " were expected";
        if (same == expected.size() && same == got.size()) {
            return sizes;
        }
        return sizes + "; the first " + same + " agree, then came " + (same < got.size() ? shown(got.get(same)) : "nothing")
                + " where " + (same < expected.size() ? shown(expected.get(same)) : "nothing more") + " was expected";
    }

    private static String shown(String event) {
        return Text.quote(event, SHOWN_CHARS);
    }

    /** One line per event, for a failure message: its id, type and data. */
    public static List<String> describe(List<SseEvent> events) {
        return events.stream().map(e -> e.id().orElse("no id") + " " + e.type() + " " + Text.quote(e.data(), 60)).toList();
    }
}
