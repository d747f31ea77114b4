package dev.commtck.tck.support.sse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a gzip body (RFC 1952) as its bytes arrive, for a stream that never ends: whatever the server has flushed
 * with a sync flush comes out at once. {@link java.util.zip.GZIPInputStream} cannot be used, because it blocks for more
 * input than a flush point may have. Reads the member header itself, then inflates raw deflate data; a trailer and
 * further members are handled as they come.
 */
final class GzipDecoder {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int TRAILER_BYTES = 8;
    /** Servers send 10-byte headers; a longer one (extra field, file name) is accepted up to this size. */
    private static final int MAX_HEADER_BYTES = 1024;

    private final Inflater inflater = new Inflater(true);
    private final ByteArrayOutputStream header = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[16 * 1024];
    private boolean inBody;
    private int trailerLeft;

    /** Decodes the next bytes of the body; returns what they inflate to (possibly nothing yet). */
    byte[] decode(byte[] bytes, int offset, int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (trailerLeft > 0) {
                int skip = Math.min(trailerLeft, end - i);
                trailerLeft -= skip;
                i += skip;
            } else if (!inBody) {
                header.write(bytes[i++]);
                inBody = headerComplete();
            } else {
                inflater.setInput(bytes, i, end - i);
                inflate(out);
                int consumed = (end - i) - inflater.getRemaining();
                i += consumed;
                if (inflater.finished()) { // a member ended: its trailer, then perhaps another member
                    inflater.reset();
                    header.reset();
                    inBody = false;
                    trailerLeft = TRAILER_BYTES;
                }
            }
        }
        return out.toByteArray();
    }

    private void inflate(ByteArrayOutputStream out) throws IOException {
        try {
            for (int n = inflater.inflate(buffer); n > 0; n = inflater.inflate(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("the gzip body is corrupt: " + e.getMessage(), e);
        }
        if (inflater.needsDictionary()) {
            throw new IOException("the gzip body asks for a preset dictionary");
        }
    }

    /** Whether the bytes collected so far are a whole member header (RFC 1952 §2.3). */
    private boolean headerComplete() throws IOException {
        if (header.size() > MAX_HEADER_BYTES) {
            throw new IOException("the gzip member header is longer than " + MAX_HEADER_BYTES + " bytes");
        }
        byte[] h = header.toByteArray();
        if (h.length >= 2 && ((h[0] & 0xFF) != 0x1F || (h[1] & 0xFF) != 0x8B)) {
            throw new IOException("the body is not gzip: it starts with bytes " + String.format("%02x %02x", h[0], h[1]));
        }
        if (h.length >= 3 && h[2] != 8) {
            throw new IOException("gzip compression method " + h[2] + " is not deflate");
        }
        if (h.length < 10) {
            return false;
        }
        int flags = h[3] & 0xFF;
        int at = 10;
        if ((flags & FEXTRA) != 0) {
            if (h.length < at + 2) {
                return false;
            }
            at += 2 + ((h[at] & 0xFF) | (h[at + 1] & 0xFF) << 8);
        }
        for (int flag : new int[] {FNAME, FCOMMENT}) {
            if ((flags & flag) != 0) {
                while (at < h.length && h[at] != 0) {
                    at++;
                }
                if (at >= h.length) {
                    return false;
                }
                at++; // the terminating zero byte
            }
        }
        if ((flags & FHCRC) != 0) {
            at += 2;
        }
        return h.length >= at;
    }
}
