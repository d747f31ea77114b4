package dev.commtck.examples.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private final EventLog log = new EventLog();
    private final List<SseEvent> received = new ArrayList<>();

    @Test
    void aStreamWithoutLastEventIdGetsLiveEventsOnly() {
        log.publish("before");
        log.subscribe(null, received::add);
        log.publish("after");
        assertEquals(List.of(SseEvent.message(2, "after")), received);
    }

    @Test
    void aStreamResumesAfterItsLastEventId() {
        log.publish("one");
        log.publish("two");
        log.publish("three");
        log.subscribe("1", received::add);
        assertEquals(List.of(SseEvent.message(2, "two"), SseEvent.message(3, "three")), received);
    }

    @Test
    void anIdBeyondTheNewestOrNotDecimalIsStale() {
        log.publish("one");
        log.subscribe("2", received::add);
        log.subscribe("x1", received::add);
        log.subscribe("99999999999999999999999", received::add);
        assertEquals(List.of(SseEvent.stale("2"), SseEvent.stale("x1"), SseEvent.stale("99999999999999999999999")),
                received);
    }

    @Test
    void anIdOlderThanTheHistoryIsStaleAndTheOldestKeptOneResumes() {
        for (int i = 0; i <= EventLog.HISTORY; i++) {
            log.publish("event " + (i + 1));
        }
        log.subscribe("0", received::add);
        assertEquals(List.of(SseEvent.stale("0")), received);
        received.clear();
        log.subscribe("1", received::add);
        assertEquals(EventLog.HISTORY, received.size());
    }

    @Test
    void aSubscriberThatRefusesIsDropped() {
        log.subscribe(null, event -> false);
        log.subscribe(null, received::add);
        log.publish("one");
        log.publish("two");
        assertEquals(2, received.size());
    }

    @Test
    void theHeartbeatParameterIsHonouredWithinItsRange() {
        assertEquals(250, EventLog.heartbeat("250").toMillis());
        assertEquals(EventLog.HEARTBEAT, EventLog.heartbeat("99"));
        assertEquals(EventLog.HEARTBEAT, EventLog.heartbeat("60001"));
        assertEquals(EventLog.HEARTBEAT, EventLog.heartbeat(null));
    }
}
