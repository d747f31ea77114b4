package dev.commtck.tck.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One WebSocket frame as it was on the wire (RFC 6455 §5.2), payload unmasked; or one whole data message that came in
 * several frames, joined: then {@code frames} says how many, and the other components are the message's (final, the
 * first frame's opcode, the payloads joined in order, the time of the last frame).
 *
 * @param fin     the final-fragment bit
 * @param rsv     the three RSV bits, as a number 0–7
 * @param opcode  0x0 continuation, 0x1 text, 0x2 binary, 0x8 close, 0x9 ping, 0xA pong, others reserved
 * @param masked  the mask bit
 * @param payload the application data, unmasked
 * @param atMs    when it was sent or fully read, in ms since the test started
 * @param frames  how many frames it came in: 1 for a frame
 */
record WireFrame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload, long atMs, int frames) {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    /** Characters of a payload shown in the evidence. */
    private static final int PREVIEW = 80;

    /** One frame. */
    WireFrame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload, long atMs) {
        this(fin, rsv, opcode, masked, payload, atMs, 1);
    }

    boolean control() {
        return opcode >= CLOSE;
    }

    /** An opcode RFC 6455 defines (§5.2); the others are reserved. */
    boolean knownOpcode() {
        return opcode <= BINARY || opcode >= CLOSE && opcode <= PONG;
    }

    /** The status code of a Close frame, or -1 when its payload has none. */
    int closeCode() {
        return payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : -1;
    }

    String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** A text message's JSON, or a missing node when it is not a text message or not JSON. */
    JsonNode json() {
        if (opcode != TEXT) {
            return PushClient.JSON.missingNode();
        }
        try {
            JsonNode json = PushClient.JSON.readTree(payload);
            return json == null ? PushClient.JSON.missingNode() : json;
        } catch (java.io.IOException e) {
            return PushClient.JSON.missingNode();
        }
    }

    /** The {@code type} of a text message holding a JSON object, or "" for anything else. */
    String type() {
        JsonNode type = json().path("type");
        return type.isTextual() ? type.textValue() : "";
    }

    /** A text message of this contract's {@code type}. */
    boolean is(String type) {
        return type().equals(type);
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

    /**
     * One line for the evidence: {@code TEXT fin 22 bytes "{\"type\":\"pong\"}"}, {@code CLOSE fin 1000 "bye"},
     * {@code TEXT message in 3 frames, 22 bytes "…"}.
     */
    String describe() {
        StringBuilder sb = new StringBuilder(opcodeName(opcode));
        if (frames > 1) {
            sb.append(" message in ").append(frames).append(" frames,");
        } else {
            sb.append(fin ? " fin" : " (not fin)");
        }
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

    /** The payload as text when it is printable UTF-8, otherwise as hex; cut after 80 characters (or bytes). */
    private String preview() {
        int from = opcode == CLOSE ? Math.min(2, payload.length) : 0;
        int end = Math.min(payload.length, from + PREVIEW * 4); // enough bytes for PREVIEW characters
        String s = new String(payload, from, end - from, StandardCharsets.UTF_8);
        if (end < payload.length && s.endsWith("\ufffd")) {
            s = s.substring(0, s.length() - 1); // a character the cut split, not one the payload lacks
        }
        boolean cut = end < payload.length || s.length() > PREVIEW;
        s = s.substring(0, Math.min(s.length(), PREVIEW));
        boolean printable = s.chars().allMatch(c -> c >= 0x20 && c != 0x7f && c != 0xfffd);
        String body = printable ? dev.commtck.tck.support.Text.quote(s, PREVIEW)
                : "0x" + HexFormat.of().formatHex(payload, from, Math.min(payload.length, from + PREVIEW));
        return cut || !printable && payload.length - from > PREVIEW ? body + "…" : body;
    }
}
