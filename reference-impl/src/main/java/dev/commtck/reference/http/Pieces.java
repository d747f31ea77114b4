package dev.commtck.reference.http;

import java.util.List;

/** Bytes that arrive, or are written, in pieces. */
public final class Pieces {

    private Pieces() {
    }

    /** The pieces as one array of {@code length} bytes: the piece itself when there is only one. */
    public static byte[] joined(List<byte[]> pieces, int length) {
        if (pieces.size() == 1) {
            return pieces.get(0);
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        return all;
    }
}
