package dev.commtck.examples.common;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The small rules of the contracts (spec/*.md, "Contract") that do not depend on a stack. */
public final class Contract {

    /** Request-response: what a {@code GET} of the hello resource answers. */
    public static final String WORLD = "world";
    /** Short polling: what the root resource answers. */
    public static final String GREETING = "Hello world";
    /** The longest SSE trigger, publish and push notification body (64 KiB). */
    public static final int MAX_EVENT_BYTES = 64 * 1024;
    /** Queue and topic names: 1 to 80 ASCII letters, digits, '-' and '_'. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private Contract() {
    }

    /** Request-response: {@code pong} for a body that is {@code ping} once trimmed, the empty string otherwise. */
    public static String helloAnswer(String body) {
        return "ping".equals(body.strip()) ? "pong" : "";
    }

    /** Short polling: a fresh value from -10 to 100 on every poll, as the seed draws it. */
    public static int coins() {
        return ThreadLocalRandom.current().nextInt(-10, 101);
    }

    public static void requireName(String name) throws Invalid {
        if (!NAME.matcher(name).matches()) {
            throw new Invalid(400, "a name is 1 to 80 characters from A-Z a-z 0-9 - _");
        }
    }

    /** The body as text, refused unless it is UTF-8 and at most {@code maxBytes} long. */
    public static String utf8(byte[] body, int maxBytes) throws Invalid {
        if (body.length > maxBytes) {
            throw new Invalid(413, "the body is longer than " + maxBytes + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new Invalid(400, "the body is not UTF-8");
        }
    }
}
