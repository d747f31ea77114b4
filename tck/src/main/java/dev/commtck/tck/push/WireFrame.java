package dev.commtck.tck.push;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One WebSocket frame as it was on the wire (RFC 6455 §5.2), payload unmasked.
 *
 * @param fin     the final-fragment bit
 * @param rsv     the three RSV bits, as a number 0–7
 * @param opcode  0x0 continuation, 0x1 text, 0x2 binary, 0x8 close, 0x9 ping, 0xA pong, others reserved
 * @param masked  the mask bit
 * @param payload the application data, unmasked
 * @param atMs    when it was sent or fully read, in ms since the test started
 */
record WireFrame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload, long atMs) {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    boolean control() {
        return opcode >= CLOSE;
    }

    /** The status code of a Close frame, or -1 when its payload has none. */
    int closeCode() {
        return payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : -1;
    }

    String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    static String opcodeName(int opcode) {
        return switch (opcode) {
            case CONTINUATION -> "CONTINUATION";
            case TEXT -> "TEXT";
            case BINARY -> "BINARY";
            case CLOSE -> "CLOSE";
            case PING -> "PING";
            case PONG -> "PONG";
            default -> "opcode 0x" + Integer.toHexString(opcode);
        };
    }

    /** One line for the evidence: {@code TEXT fin 22 bytes "{\"type\":\"pong\"}"}, {@code CLOSE fin 1000 "bye"}. */
    String describe() {
        StringBuilder sb = new StringBuilder(opcodeName(opcode)).append(fin ? " fin" : " (not fin)");
        if (rsv != 0) {
            sb.append(" rsv=").append(rsv);
        }
        sb.append(masked ? " masked" : "").append(' ').append(payload.length).append(payload.length == 1 ? " byte" : " bytes");
        if (opcode == CLOSE && payload.length >= 2) {
            sb.append(" code ").append(closeCode());
        }
        if (payload.length > 0) {
            sb.append(' ').append(preview());
        }
        return sb.toString();
    }

    /** The payload as text when it is printable UTF-8, otherwise as hex; cut after 80 characters. */
    private String preview() {
        int from = opcode == CLOSE ? Math.min(2, payload.length) : 0;
        byte[] shown = java.util.Arrays.copyOfRange(payload, from, Math.min(payload.length, from + 80));
        String s = new String(shown, StandardCharsets.UTF_8);
        boolean printable = s.chars().allMatch(c -> c >= 0x20 && c != 0x7f && c != 0xfffd);
        String body = printable ? dev.commtck.tck.support.Text.quote(s) : "0x" + HexFormat.of().formatHex(shown);
        return payload.length - from > 80 ? body + "…" : body;
    }
}
