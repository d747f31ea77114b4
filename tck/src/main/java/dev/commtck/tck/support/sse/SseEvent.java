package dev.commtck.tck.support.sse;

import java.util.Optional;

/**
 * One event as a conforming client dispatches it (WHATWG HTML §9.2.6, "dispatch the event"), with the time it was
 * dispatched: when its terminating blank line arrived.
 *
 * @param type        the event type: the last {@code event} field's value, or {@code message} when there was none
 * @param data        the {@code data} lines joined with LF
 * @param lastEventId the last event ID string at dispatch: the last valid {@code id} field of this event, or of an
 *                    earlier one when this event had none (it persists, as in a browser)
 * @param carriesId   whether this event's own block had a valid {@code id} field
 * @param arrivalMs   when it was dispatched, in ms since the test started (0 outside a test)
 */
public record SseEvent(String type, String data, String lastEventId, boolean carriesId, long arrivalMs) {

    /** The type of an event without an {@code event} field. */
    public static final String DEFAULT_TYPE = "message";

    /** The event's own id, or empty when its block set none. */
    public Optional<String> id() {
        return carriesId ? Optional.of(lastEventId) : Optional.empty();
    }

    /** The type of the signal that a stream cannot be resumed where its client asked (SSE-RESUME-2, PS-RESUME-2). */
    public static final String STALE_TYPE = "stale";

    /**
     * Whether this is a notice of the server's own: an event without an id, of a type other than the default and than
     * the stale signal. Notices are outside the sequence, and the kit ignores them wherever they come.
     */
    public boolean isNotice() {
        return !carriesId && !type.equals(DEFAULT_TYPE) && !type.equals(STALE_TYPE);
    }

    /** Whether this event carries exactly this id. */
    public boolean hasId(String id) {
        return carriesId && lastEventId.equals(id);
    }
}
