package dev.commtck.tck.support.sse;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Interprets an event stream byte by byte exactly as WHATWG HTML §9.2.5 and §9.2.6 say a browser's {@code EventSource}
 * does, incrementally: bytes are fed as they arrive, in chunks that may split a UTF-8 sequence or a CRLF, and each line
 * and each dispatched event is reported with the arrival time of the bytes that completed it.
 *
 * <ul>
 *   <li>the bytes are decoded as UTF-8 with replacement ({@link Utf8Decoder}); one leading byte order mark is
 *       dropped, a second one becomes part of the first line;</li>
 *   <li>lines end with CRLF, LF or CR;</li>
 *   <li>an empty line dispatches the event being built, unless its data is empty; a line starting with a colon is a
 *       comment; otherwise the field name is the text before the first colon (the whole line when there is none) and
 *       the value the text after it, without one leading space;</li>
 *   <li>{@code event} sets the type, {@code data} appends its value and an LF, {@code id} sets the last event ID unless
 *       the value contains U+0000, {@code retry} sets the reconnection time if its value is only ASCII digits; field
 *       names are case-sensitive and any other field is ignored;</li>
 *   <li>at the end of the stream an unfinished line and an undispatched event are discarded.</li>
 * </ul>
 *
 * Not thread-safe: one stream feeds one parser, in order.
 */
public final class SseParser {

    /** What the parser reports, in stream order. */
    public interface Listener {
        /** A complete line (before it is interpreted). */
        void line(SseLine line);

        /** A dispatched event (after the line that dispatched it). */
        void event(SseEvent event);
    }

    private static final int BOM = 0xFEFF;

    private final Listener listener;
    private final Utf8Decoder decoder = new Utf8Decoder(this::codePoint);
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private boolean started;
    private boolean afterCr;
    private long now;
    private String eventType = "";
    private String lastEventIdBuffer = "";
    private String lastEventId = "";
    private boolean idInBlock;
    private long reconnectionTime = -1;

    public SseParser(Listener listener) {
        this.listener = listener;
    }

    /** Every event a complete stream dispatches (arrival times 0), for streams held in memory. */
    public static List<SseEvent> parse(byte[] stream) {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(new Listener() {
            @Override
            public void line(SseLine line) {
                // only the events are wanted
            }

            @Override
            public void event(SseEvent event) {
                events.add(event);
            }
        });
        parser.feed(stream, 0, stream.length, 0);
        parser.end();
        return events;
    }

    /** Feeds the next bytes of the stream, which arrived at {@code atMs}. */
    public void feed(byte[] bytes, int offset, int length, long atMs) {
        now = atMs;
        decoder.feed(bytes, offset, length);
    }

    /** The stream ended: whatever is unfinished is discarded. */
    public void end() {
        decoder.end();
        line.setLength(0);
    }

    /** The last event ID string a browser would now send as {@code Last-Event-ID} when reconnecting. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection time the stream last set with a valid {@code retry} field, in ms. */
    public OptionalLong reconnectionTime() {
        return reconnectionTime < 0 ? OptionalLong.empty() : OptionalLong.of(reconnectionTime);
    }

    /** How many malformed UTF-8 sequences the stream has had (each became U+FFFD). */
    public long malformedUtf8() {
        return decoder.malformed();
    }

    private void codePoint(int cp) {
        if (!started) {
            started = true;
            if (cp == BOM) {
                return; // the UTF-8 decode algorithm drops one leading BOM
            }
        }
        if (afterCr) {
            afterCr = false;
            if (cp == '\n') {
                return; // the LF of a CRLF, whose CR already ended the line
            }
        }
        if (cp == '\r') {
            afterCr = true;
            endLine();
        } else if (cp == '\n') {
            endLine();
        } else {
            line.appendCodePoint(cp);
        }
    }

    private void endLine() {
        String text = line.toString();
        line.setLength(0);
        if (text.isEmpty()) {
            listener.line(new SseLine(SseLine.Kind.BLANK, text, now));
            dispatch();
        } else if (text.charAt(0) == ':') {
            listener.line(new SseLine(SseLine.Kind.COMMENT, text, now));
        } else {
            listener.line(new SseLine(SseLine.Kind.FIELD, text, now));
            int colon = text.indexOf(':');
            String value = colon < 0 ? "" : text.substring(colon + 1);
            field(colon < 0 ? text : text.substring(0, colon), value.startsWith(" ") ? value.substring(1) : value);
        }
    }

    private void field(String name, String value) {
        switch (name) {
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventIdBuffer = value;
                    idInBlock = true;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    reconnectionTime = value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value);
                }
            }
            default -> {
                // other fields are ignored
            }
        }
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        boolean carriesId = idInBlock;
        idInBlock = false;
        if (data.isEmpty()) {
            eventType = "";
            return;
        }
        data.setLength(data.length() - 1); // every data line added an LF; the last one is removed
        SseEvent event = new SseEvent(eventType.isEmpty() ? SseEvent.DEFAULT_TYPE : eventType, data.toString(),
                lastEventId, carriesId, now);
        data.setLength(0);
        eventType = "";
        listener.event(event);
    }
}
