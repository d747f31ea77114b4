/**
 * The kit's Server-Sent Events client, for every suite that reads event streams (the {@code sse} pattern, and the
 * publish/subscribe pattern's per-topic streams).
 *
 * <ul>
 *   <li>{@link dev.commtck.tck.support.sse.SseParser}: the WHATWG HTML §9.2.5/§9.2.6 interpretation, byte-exact and
 *       incremental (UTF-8 decoding with replacement, one leading BOM dropped, CRLF/LF/CR, comments, fields without a
 *       colon, {@code retry} only from ASCII digits, {@code id} ignored when it contains U+0000);</li>
 *   <li>{@link dev.commtck.tck.support.sse.SseClient}: opens streams with {@code java.net.http}, waiting for the head
 *       at most the tolerance {@code response};</li>
 *   <li>{@link dev.commtck.tck.support.sse.EventStream}: one stream being read in the background, with every chunk,
 *       line and event timed, bounded waits, a 1 MiB reading limit, and its transcript recorded in the evidence when
 *       it is closed.</li>
 * </ul>
 *
 * <p>What the client sends and accepts: HTTP/1.1, {@code Accept: text/event-stream}, {@code User-Agent: CommTCK}, and
 * only the other headers a caller adds. With {@code Accept-Encoding: gzip, br} added, a {@code gzip} response is
 * inflated as it arrives (a server must flush its compressor after each event); {@code br} and any other coding are
 * not decoded: the stream then records its chunks and their times only. An unending response is read until the test
 * closes it (or the test ends) and never longer than the test's own deadlines.
 *
 * <p>Typical use in a test: {@code EventStream s = target.sse().open(path); …trigger at sentMs…;
 * s.awaitEvent(e -> e.hasId(id), sentMs + target.tolerances().wake().toMillis())}.
 */
package dev.commtck.tck.support.sse;
