package dev.commtck.tck.support.sse;

/**
 * The WHATWG Encoding standard's UTF-8 decoder, incremental: bytes go in as they arrive (a sequence may be split
 * between two chunks), code points come out, and each malformed sequence becomes one U+FFFD, exactly as a browser's
 * {@code EventSource} decodes an event stream. It also counts the malformed sequences, which a conforming stream has
 * none of.
 */
final class Utf8Decoder {

    static final int REPLACEMENT = 0xFFFD;

    /** Receives decoded code points. */
    interface Sink {
        void codePoint(int cp);
    }

    private final Sink sink;
    private int codePoint;
    private int needed;
    private int seen;
    private int lower = 0x80;
    private int upper = 0xBF;
    private long malformed;

    Utf8Decoder(Sink sink) {
        this.sink = sink;
    }

    void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            if (!decode(b)) {
                decode(b); // the byte that broke a sequence starts anew ("prepend byte to stream")
            }
        }
    }

    /** The end of the stream: an unfinished sequence is malformed. */
    void end() {
        if (needed != 0) {
            reset();
            error();
        }
    }

    /** How many malformed sequences have been replaced by U+FFFD so far. */
    long malformed() {
        return malformed;
    }

    /** Returns false when the byte must be processed again (it ended a sequence it could not continue). */
    private boolean decode(int b) {
        if (needed == 0) {
            if (b <= 0x7F) {
                sink.codePoint(b);
            } else if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
                codePoint = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                lower = b == 0xE0 ? 0xA0 : 0x80;
                upper = b == 0xED ? 0x9F : 0xBF;
                needed = 2;
                codePoint = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                lower = b == 0xF0 ? 0x90 : 0x80;
                upper = b == 0xF4 ? 0x8F : 0xBF;
                needed = 3;
                codePoint = b & 0x07;
            } else {
                error();
            }
            return true;
        }
        if (b < lower || b > upper) {
            reset();
            error();
            return false;
        }
        lower = 0x80;
        upper = 0xBF;
        codePoint = (codePoint << 6) | (b & 0x3F);
        if (++seen == needed) {
            int cp = codePoint;
            reset();
            sink.codePoint(cp);
        }
        return true;
    }

    private void reset() {
        codePoint = 0;
        needed = 0;
        seen = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    private void error() {
        malformed++;
        sink.codePoint(REPLACEMENT);
    }
}
