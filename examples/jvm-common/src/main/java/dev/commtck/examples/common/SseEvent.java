package dev.commtck.examples.common;

/**
 * What an adapter writes into an event stream, in the terms every stack's SSE support takes (id, event name, data,
 * comment): the stack's own writer turns it into bytes.
 */
public record SseEvent(String id, String name, String data, String comment) {

    public static SseEvent message(long id, String data) {
        return new SseEvent(Long.toString(id), null, data, null);
    }

    /** The signal that a stream cannot resume after {@code lastEventId} (spec/sse.md, "Resumption"). */
    public static SseEvent stale(String lastEventId) {
        return new SseEvent(null, "stale", lastEventId, null);
    }

    public static SseEvent comment(String text) {
        return new SseEvent(null, null, null, text);
    }

    public boolean isComment() {
        return comment != null;
    }
}
