package dev.commtck.examples.common;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An event source with ids and a history: the SSE pattern's events, or one pub/sub topic's messages. It numbers each
 * event, keeps the most recent {@value #HISTORY}, and offers each to every subscriber while holding its lock, so that
 * every subscriber sees the same order and a resumed stream neither misses nor repeats an event.
 */
public final class EventLog {

    /** How many events are kept for resumption (the run declares it: {@code sse.history}, {@code pub-sub.history}). */
    public static final int HISTORY = 256;
    /** How often an idle stream gets a comment (the run declares it as {@code sse.heartbeat}). */
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
    private static final Pattern HEARTBEAT_MS = Pattern.compile("[0-9]{3,5}");

    /** Where a stream's events go. It must not block: it queues, or refuses when the stream is too far behind. */
    public interface Subscriber {
        /** False when the stream cannot take the event: the log drops it, and it ends its stream. */
        boolean offer(SseEvent event);
    }

    private final ArrayDeque<SseEvent> recent = new ArrayDeque<>();
    private final Set<Subscriber> subscribers = new LinkedHashSet<>();
    private long lastId;

    /** Sends {@code data} as the next event to every subscriber and returns its id. */
    public synchronized long publish(String data) {
        SseEvent event = SseEvent.message(++lastId, data);
        recent.addLast(event);
        if (recent.size() > HISTORY) {
            recent.removeFirst();
        }
        subscribers.removeIf(s -> !s.offer(event));
        return lastId;
    }

    /**
     * Adds a subscriber. With a {@code Last-Event-ID} it is first offered the events after it, or the {@code stale}
     * signal when they are no longer all here (or never were); an empty one counts as absent.
     */
    public synchronized void subscribe(String lastEventId, Subscriber subscriber) {
        if (lastEventId != null && !lastEventId.isEmpty()) {
            long after = resumableAfter(lastEventId);
            if (after < 0) {
                subscriber.offer(SseEvent.stale(lastEventId));
            } else {
                recent.stream().filter(e -> Long.parseLong(e.id()) > after).forEach(subscriber::offer);
            }
        }
        subscribers.add(subscriber);
    }

    public synchronized void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    /** A stream's heartbeat interval: {@code ?heartbeat=} from 100 to 60,000 ms where given, else {@link #HEARTBEAT}. */
    public static Duration heartbeat(String parameter) {
        if (parameter != null && HEARTBEAT_MS.matcher(parameter).matches()) {
            long ms = Long.parseLong(parameter);
            if (ms >= 100 && ms <= 60_000) {
                return Duration.ofMillis(ms);
            }
        }
        return HEARTBEAT;
    }

    /** The id to resume after, or -1 when the events after it are not all in the history. */
    private long resumableAfter(String lastEventId) {
        if (!DECIMAL.matcher(lastEventId).matches() || new BigInteger(lastEventId).compareTo(BigInteger.valueOf(lastId)) > 0) {
            return -1;
        }
        long after = Long.parseLong(lastEventId);
        long oldestKept = recent.isEmpty() ? lastId + 1 : Long.parseLong(recent.getFirst().id());
        return after >= oldestKept - 1 ? after : -1;
    }
}
