package dev.commtck.tck.support.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser against the examples of WHATWG HTML §9.2.6 and the inputs of the web-platform-tests
 * {@code eventsource/format-*} cases (their servers append {@code "\n\n"} to the message unless {@code newline=none},
 * then one more {@code "\n"}), each fed whole and also one byte at a time.
 */
class SseParserTest {

    /** A stream and the data of the events it must dispatch, in order. */
    static Stream<Arguments> streams() {
        return Stream.of(
                stream("WHATWG example: data lines are joined with LF",
                        "data: YHOO\ndata: +2\ndata: 10\n\n", "YHOO\n+2\n10"),
                stream("WHATWG example: one leading space is removed, a second one kept",
                        ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n",
                        "first event", "second event", " third event"),
                stream("WHATWG example: an empty data line gives empty data; an unfinished event is discarded",
                        "data\n\ndata\ndata\n\ndata:", "", "\n"),
                stream("WHATWG example: the space after the colon is optional",
                        "data:test\n\ndata: test\n\n", "test", "test"),
                stream("wpt format-bom: one leading BOM is dropped, a BOM later on spoils a field name",
                        "\uFEFFdata:1\n\n\uFEFFdata:2\n\ndata:3\n\n\n", "1", "3"),
                stream("wpt format-bom-2: a second leading BOM spoils the first field name",
                        "\uFEFF\uFEFFdata:1\n\ndata:2\n\ndata:3\n\n\n", "2", "3"),
                stream("wpt format-comments: comments between data lines, CR and CRLF line endings, NUL in a comment",
                        "data:1\r:\0\n:\r\ndata:2\n:" + "x".repeat(2048) + "\rdata:3\n:data:fail\r:" + "x".repeat(2048)
                                + "\ndata:4\n\n", "1\n2\n3\n4"),
                stream("wpt format-data-before-final-empty-line: an event without its blank line is not dispatched",
                        "retry:1000\ndata:test1\n\nid:test\ndata:test2\n", "test1"),
                stream("wpt format-field-data: data with and without a colon",
                        "data:\n\ndata\ndata\n\ndata:test\n\n\n", "", "\n", "test"),
                stream("wpt format-null-character: NUL is data like any other character", "data:\0\n\n\n", "\0"),
                stream("wpt format-utf-8: the stream is UTF-8", "data:ok\u2026\n\n\n", "ok\u2026"),
                stream("wpt event-data: field names are case-sensitive; unknown fields are ignored",
                        "data:msg\ndata:msg\n\n:\nfalsefield:msg\n\nfalsefield:msg\nData:data\n\ndata\n\ndata:end\n\n",
                        "msg\nmsg", "", "end"),
                stream("CR alone ends lines", "data:a\rdata:b\r\rdata:c\r\r", "a\nb", "c"),
                stream("a blank line without data dispatches nothing", "\n\n:comment\n\nid:5\n\nevent:x\n\ndata:y\n\n", "y"));
    }

    private static Arguments stream(String name, String text, String... data) {
        return Arguments.of(Named.of(name, text), List.of(data));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void dispatchesWhatABrowserDispatches(String text, List<String> data) {
        assertEquals(data, SseParser.parse(utf8(text)).stream().map(SseEvent::data).toList());
    }

    @ParameterizedTest(name = "{0}, fed one byte at a time")
    @MethodSource("streams")
    void chunkBoundariesDoNotMatter(String text, List<String> data) {
        Recorder r = new Recorder().byteByByte(utf8(text));
        r.parser.end();
        assertEquals(data, r.data());
    }

    @Test
    void idsPersistChangeAndResetAsInWptFormatFieldId3() {
        assertEquals(List.of("1", "1"), lastEventIds("id: 1\ndata: 1\n\ndata:2\n\n"));
        assertEquals(List.of("1", "2", "2"), lastEventIds("id: 1\ndata: 1\n\nid: 2\ndata:2\n\ndata:3\n\n"));
        assertEquals(List.of("1", "", ""), lastEventIds("id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n"));
    }

    @Test
    void onlyAnEventsOwnIdFieldCountsAsCarried() {
        List<SseEvent> events = SseParser.parse(utf8("id: 7\ndata: a\n\ndata: b\n\n"));
        assertEquals("7", events.get(0).id().orElseThrow());
        assertTrue(events.get(1).id().isEmpty());
        assertEquals("7", events.get(1).lastEventId());
    }

    @Test
    void anIdContainingNulIsIgnored() {
        List<SseEvent> events = SseParser.parse(utf8("id: 1\ndata: a\n\nid: 2\0\ndata: b\n\n"));
        assertEquals("1", events.get(1).lastEventId());
        assertFalse(events.get(1).carriesId());
    }

    @Test
    void theLastEventIdIsSetOnlyWhenAnEventIsDispatched() {
        Recorder r = Recorder.of(utf8("id: 1\ndata: a\n\nid: 2\ndata: b\n"));
        assertEquals("1", r.parser.lastEventId(), "the unfinished event's id must not count (wpt data-before-final-empty-line)");
    }

    @Test
    void eventAndTypeFieldsAsInWptFormatFieldEvent() {
        List<SseEvent> events = SseParser.parse(utf8("event:test\ndata:x\n\ndata:x\n\nevent: \ndata:data\n\n"));
        assertEquals(List.of("test", "message", "message"), events.stream().map(SseEvent::type).toList());
    }

    @Test
    void retryTakesOnlyAsciiDigitsAsInWptFormatFieldRetry() {
        assertEquals(OptionalLong.of(2000), retry("retry:02000\ndata:x\n\n"));
        assertEquals(OptionalLong.of(2000), retry("retry:2000\nretry:1000x\ndata:x\n\n"));
        assertEquals(OptionalLong.empty(), retry("retry: 1 000\nretry:-5\nretry:\ndata:x\n\n"));
        assertEquals(OptionalLong.of(Long.MAX_VALUE), retry("retry:99999999999999999999999\n"));
    }

    @Test
    void aUtf16ByteOrderMarkIsNotAUtf8OneAsInWptFormatBomUtf16() {
        byte[] stream = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, utf8("data:1\n\ndata:2\n\n"));
        Recorder r = Recorder.of(stream);
        assertEquals(List.of("2"), r.data());
        assertEquals(2, r.parser.malformedUtf8());
        assertEquals("\uFFFD\uFFFDdata:1", r.lines.get(0).text());
    }

    @Test
    void malformedUtf8BecomesReplacementCharactersTheWhatwgWay() {
        // C3 28: an invalid continuation; ED A0 80: a surrogate; C0 80: overlong; F0 9F: cut short by LF
        byte[] stream = concat(utf8("data:"), new byte[] {(byte) 0xC3, 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80,
                (byte) 0xC0, (byte) 0x80, (byte) 0xF0, (byte) 0x9F}, utf8("\n\n"));
        Recorder r = Recorder.of(stream);
        assertEquals(List.of("\uFFFD(\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD"), r.data());
        assertEquals(7, r.parser.malformedUtf8());
    }

    @Test
    void multiByteCharactersSplitBetweenChunksAreDecodedWhole() {
        Recorder r = new Recorder().byteByByte(utf8("data:\u00e9\u20ac\uD834\uDD1E\n\n"));
        assertEquals(List.of("\u00e9\u20ac\uD834\uDD1E"), r.data());
        assertEquals(0, r.parser.malformedUtf8());
    }

    @Test
    void linesAndEventsCarryTheArrivalTimeOfTheBytesThatCompletedThem() {
        Recorder r = new Recorder().feed(": hello\ndata: a", 5).feed("\n\r\n", 9);
        assertEquals(List.of(SseLine.Kind.COMMENT, SseLine.Kind.FIELD, SseLine.Kind.BLANK),
                r.lines.stream().map(SseLine::kind).toList());
        assertEquals(List.of(5L, 9L, 9L), r.lines.stream().map(SseLine::arrivalMs).toList());
        assertEquals(9, r.events.get(0).arrivalMs());
    }

    @Test
    void aCrlfSplitBetweenChunksEndsOneLineOnly() {
        Recorder r = new Recorder().feed("data: a\r", 1).feed("\n\r\n", 2);
        assertEquals(List.of("a"), r.data());
        assertEquals(2, r.lines.size());
    }

    private static List<String> lastEventIds(String text) {
        return SseParser.parse(utf8(text)).stream().map(SseEvent::lastEventId).toList();
    }

    private static OptionalLong retry(String text) {
        return Recorder.of(utf8(text)).parser.reconnectionTime();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A parser with everything it reported. */
    private static final class Recorder implements SseParser.Listener {
        final List<SseLine> lines = new ArrayList<>();
        final List<SseEvent> events = new ArrayList<>();
        final SseParser parser = new SseParser(this);

        static Recorder of(byte[] stream) {
            Recorder r = new Recorder();
            r.parser.feed(stream, 0, stream.length, 0);
            r.parser.end();
            return r;
        }

        Recorder feed(String text, long atMs) {
            byte[] bytes = utf8(text);
            parser.feed(bytes, 0, bytes.length, atMs);
            return this;
        }

        /** Feeds one byte at a time, the i-th at time i. */
        Recorder byteByByte(byte[] stream) {
            for (int i = 0; i < stream.length; i++) {
                parser.feed(stream, i, 1, i);
            }
            return this;
        }

        List<String> data() {
            return events.stream().map(SseEvent::data).toList();
        }

        @Override
        public void line(SseLine line) {
            lines.add(line);
        }

        @Override
        public void event(SseEvent event) {
            events.add(event);
        }
    }
}
