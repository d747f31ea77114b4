package dev.commtck.tck.support.sse;

/**
 * One line of an event stream as it arrived, after UTF-8 decoding and line splitting (WHATWG HTML §9.2.6).
 *
 * @param kind      what the line is
 * @param text      the whole line, without its line ending (and without the stream's byte order mark)
 * @param arrivalMs when its line ending arrived, in ms since the test started
 */
public record SseLine(Kind kind, String text, long arrivalMs) {

    /** The four kinds of line the interpretation algorithm tells apart. */
    public enum Kind {
        /** An empty line: it dispatches the event being built, if it has data. */
        BLANK,
        /** A line starting with a colon: ignored by clients; servers send them as heartbeats. */
        COMMENT,
        /** A field, with or without a colon; the field may be one clients ignore. */
        FIELD
    }
}
