package dev.commtck.tck.sse;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import dev.commtck.tck.support.sse.EventStream;
import dev.commtck.tck.support.sse.SseEvent;
import dev.commtck.tck.support.sse.SseLine;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;

/** What travels in events: any payload, byte for byte, in UTF-8. */
@ConformanceSuite(Pattern.SSE)
@DisplayName("sse: payloads")
class PayloadTest {

    /** The largest payload the contract allows: 64 KiB. */
    static final int LARGEST_PAYLOAD = 64 * 1024;
    static final int TYPED_EVENTS = 3;

    private static Stream<Named<String>> awkwardPayloads() {
        StringBuilder large = new StringBuilder();
        int bytes = 0;
        for (int i = 0; bytes < LARGEST_PAYLOAD - 100; i++) {
            String line = "{\"line\": " + i + ", \"text\": \"Grüße, 世界\"}" + (i % 3 == 0 ? "\r\n" : "\n");
            large.append(line);
            bytes += line.getBytes(StandardCharsets.UTF_8).length;
        }
        String largest = large + "x".repeat(LARGEST_PAYLOAD - bytes); // exactly 64 KiB of UTF-8
        return Stream.of(
                Named.of("two lines (LF)", "first\nsecond"),
                Named.of("two lines (CRLF)", "first\r\nsecond"),
                Named.of("two lines (CR)", "first\rsecond"),
                Named.of("a lone line break", "\n"),
                Named.of("an empty payload", ""),
                Named.of("a leading space", " leading space"),
                Named.of("two leading spaces and a trailing one", "  two spaces "),
                Named.of("a colon first", ":colon first"),
                Named.of("field names inside (event, id, retry)", "event: injected\nid: 999999\nretry: 1\n: not a comment"),
                Named.of("data: inside", "data: nested"),
                Named.of("a trailing line break", "trailing\n"),
                Named.of("a trailing CR", "trailing\r"),
                Named.of("blank lines inside", "a\n\n\nb"),
                Named.of("non-ASCII (2, 3 and 4 bytes)", "Grüße, 世界, 🚀"),
                Named.of("a tab and a NUL", "tab\there, nul\u0000here"),
                Named.of("64 KiB of JSON lines, CRLF and LF", largest));
    }

    @Test
    @Verifies("SSE-PAYLOAD-1")
    @DisplayName("16 awkward payloads each arrive as the data of their event")
    void payloadsArriveAsData(Target target) {
        EventStream s = Streams.open(target);
        Map<String, Trigger> sent = new LinkedHashMap<>();
        awkwardPayloads().forEach(p -> sent.put(p.getName(), Trigger.send(target, p.getPayload())));
        long deadline = sent.values().stream().mapToLong(Trigger::sentMs).max().orElseThrow() + target.tolerances().wake().toMillis();
        s.awaitUntil(st -> sent.values().stream().allMatch(t -> st.events().stream().anyMatch(t::caused)), deadline);
        List<String> wrong = new ArrayList<>();
        sent.forEach((name, t) -> {
            Optional<SseEvent> e = s.events().stream().filter(t::caused).findFirst();
            if (e.isEmpty()) {
                wrong.add(name + ": its event (id " + t.id() + ") did not come by +" + deadline + " ms");
            } else if (!e.get().data().equals(t.expectedData())) {
                wrong.add(name + ": the data was " + Text.quote(e.get().data(), 80) + " instead of "
                        + Text.quote(t.expectedData(), 80) + firstDifference(t.expectedData(), e.get().data()));
            }
        });
        Streams.expect(wrong.isEmpty(), "each payload as the data of its event, with CRLF and CR as LF",
                wrong.size() + " of " + sent.size() + " were not:\n  " + String.join("\n  ", wrong), s);
    }

    @Test
    @Verifies("SSE-PAYLOAD-1")
    @DisplayName("a payload whose body arrives in pieces that cut its UTF-8 characters arrives whole")
    void payloadInPiecesArrivesWhole(Target target) {
        EventStream s = Streams.open(target);
        String payload = Trigger.payload("in pieces", 1, 1) + ": Grüße, 世界, 🚀";
        // cut inside a character of each length: after 1 of the 2 bytes of ü, 2 of the 3 of 世, 3 of the 4 of 🚀
        int[] cuts = {cutInside(payload, "ü", 1), cutInside(payload, "世", 2), cutInside(payload, "🚀", 3)};
        Trigger t = Trigger.sendInPieces(target, payload, cuts);
        SseEvent e = Streams.awaitCaused(target, s, t);
        Streams.expect(e.data().equals(t.expectedData()), "the data " + Text.quote(t.expectedData()) + ", the payload whose"
                        + " body came in " + (cuts.length + 1) + " TCP writes cut at bytes " + Arrays.toString(cuts)
                        + ", decoded once the body was whole",
                "it was " + Text.quote(e.data()) + (e.data().indexOf('\uFFFD') >= 0
                        ? ": U+FFFD replaces characters, as when each piece is decoded on its own" : ""), s);
    }

    /** The byte offset {@code into} bytes into the UTF-8 of the first {@code character} of the text. */
    private static int cutInside(String text, String character, int into) {
        return text.substring(0, text.indexOf(character)).getBytes(StandardCharsets.UTF_8).length + into;
    }

    @Test
    @Verifies("SSE-TYPE-1")
    @DisplayName("the events triggers cause have the default type, message")
    void triggeredEventsHaveTheDefaultType(Target target) {
        EventStream s = Streams.open(target);
        for (int i = 1; i <= TYPED_EVENTS; i++) {
            SseEvent e = Streams.awaitCaused(target, s, Trigger.send(target, Trigger.payload("type check", i, TYPED_EVENTS)));
            Streams.expect(e.type().equals(SseEvent.DEFAULT_TYPE), "event " + e.lastEventId() + " of the default type"
                            + " (no event field, or event: message), as every event a trigger causes",
                    "its type was " + Text.quote(e.type()), s);
        }
    }

    private static String firstDifference(String expected, String actual) {
        int i = 0;
        while (i < expected.length() && i < actual.length() && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        return " (" + actual.length() + " characters instead of " + expected.length() + "; they differ from character " + i + ")";
    }

    @Test
    @Verifies("SSE-UTF8-1")
    @DisplayName("the stream is valid UTF-8, with a byte order mark at most once, at its start")
    void streamIsUtf8(Target target) {
        EventStream s = Streams.open(target);
        List<Trigger> triggers = new ArrayList<>();
        for (String payload : List.of("é ü ß (2 bytes)", "€ 世界 (3 bytes)", "🚀 𝄞 (4 bytes)", "\uFEFF (a ZWNBSP inside data)")) {
            Trigger t = Trigger.send(target, payload);
            triggers.add(t);
            Streams.awaitCaused(target, s, t);
        }
        byte[] body = s.body();
        int end = lastLineEnd(body);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body, 0, end)).toString();
        } catch (CharacterCodingException e) {
            throw Streams.failure("the stream's bytes to be valid UTF-8", "they are not: " + e.getMessage()
                    + " (see the bytes attachment)", s);
        }
        List<SseLine> lines = s.lines();
        Streams.expect(!text.startsWith("\uFEFF\uFEFF") && lines.stream().skip(1).noneMatch(l -> l.text().startsWith("\uFEFF")),
                "a byte order mark at most once, as the stream's first bytes", "one begins a later line", s);
    }

    /** Where the last complete line ends: what follows may be a character the server is still writing. */
    private static int lastLineEnd(byte[] body) {
        for (int i = body.length - 1; i >= 0; i--) {
            if (body[i] == '\n' || body[i] == '\r') {
                return i + 1;
            }
        }
        return 0;
    }
}
