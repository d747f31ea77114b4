package dev.commtck.reference.sse;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The bytes the reference writes into an event stream (WHATWG HTML §9.2.5): UTF-8, LF line endings, one {@code data}
 * line per line of the payload with exactly one space after the colon.
 */
public final class EventFrames {

    /** The first bytes of every stream: a comment, so that the header section goes out with it, at once. */
    static final byte[] OPENING = ": stream open\n".getBytes(StandardCharsets.UTF_8);
    /** What an idle stream gets once per heartbeat interval. */
    static final byte[] HEARTBEAT = ": heartbeat\n".getBytes(StandardCharsets.UTF_8);

    /** A line break ends a field, so a payload is split at every CRLF, LF and CR. */
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    private EventFrames() {
    }

    /** An event with its id and the payload as data: {@code id: 7\ndata: first\ndata: second\n\n}. */
    public static byte[] event(long id, String payload) {
        return utf8(dataLines(new StringBuilder("id: ").append(id).append('\n'), payload));
    }

    /** The signal that a stream cannot resume after {@code lastEventId}: a {@code stale} event without id. */
    static byte[] stale(String lastEventId) {
        return utf8(dataLines(new StringBuilder("event: stale\n"), lastEventId));
    }

    /** How many bytes the text takes in UTF-8, without encoding it. */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4; // a character outside the BMP: two chars, four bytes
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static StringBuilder dataLines(StringBuilder frame, String payload) {
        for (String line : LINE_BREAK.split(payload, -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        return frame.append('\n');
    }

    private static byte[] utf8(StringBuilder frame) {
        return frame.toString().getBytes(StandardCharsets.UTF_8);
    }
}
