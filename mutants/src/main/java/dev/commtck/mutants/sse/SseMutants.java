package dev.commtck.mutants.sse;

import dev.commtck.mutants.Mutant;
import dev.commtck.reference.http.HttpError;
import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.http.Status;
import dev.commtck.reference.sse.EventFrames;
import dev.commtck.reference.sse.EventHub;
import dev.commtck.reference.sse.EventStreamRoutes;
import dev.commtck.reference.sse.EventStreamService;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * Server-Sent Events servers with one fault each (spec/sse.md): the reference's {@link EventStreamService} with one of
 * its seams overridden, or its stream written through a filter that misbehaves the way real stacks do.
 */
public final class SseMutants {

    /** How many events {@code sse-ends-after-3} sends before it ends the response. */
    static final int ENDS_AFTER = 3;
    /** How many events {@code sse-flushes-every-4th} holds back before it flushes. */
    static final int FLUSHES_EVERY = 4;
    private static final String LAST_EVENT_ID = "Last-Event-ID";

    public static final List<Mutant> ALL = List.of(
            new Mutant("sse-wrong-content-type", "SSE-STREAM-1", "answers the stream with Content-Type: text/plain",
                    serving(() -> new EventStreamService() {
                        @Override
                        protected void streamHead(Response res) {
                            res.header("Content-Type", "text/plain; charset=utf-8").header("Cache-Control", "no-cache");
                        }
                    })),
            new Mutant("sse-no-cache-control", "SSE-CACHE-1", "sends the stream without Cache-Control",
                    serving(() -> new EventStreamService() {
                        @Override
                        protected void streamHead(Response res) {
                            res.header("Content-Type", "text/event-stream");
                        }
                    })),
            new Mutant("sse-ends-after-3", "SSE-OPEN-1", "ends the response after " + ENDS_AFTER + " events, as a"
                    + " framework's default async timeout would",
                    serving(() -> filtered(EndsAfterEvents::new))),
            new Mutant("sse-flushes-every-4th", "SSE-DELIVERY-1", "flushes only when " + FLUSHES_EVERY + " events are"
                    + " waiting: events arrive in batches, late",
                    serving(() -> filtered(FlushesEveryFourthEvent::new))),
            new Mutant("sse-gzip-unflushed", "SSE-COMPRESS-1", "gzips the stream when the client accepts it, without"
                    + " flushing the compressor after each event",
                    serving(() -> new EventStreamService() {
                        @Override
                        protected OutputStream streamBody(Request req, Response res) {
                            return gzipIfAccepted(req, res, () -> super.streamBody(req, res), false);
                        }
                    })),
            new Mutant("sse-newline-unsplit", "SSE-PAYLOAD-1", "writes the payload after one data: prefix, its line"
                    + " breaks and all",
                    serving(() -> new EventStreamService(new EventHub() {
                        @Override
                        protected byte[] frame(long id, String payload) {
                            return ("id: " + id + "\ndata: " + payload + "\n\n").getBytes(StandardCharsets.UTF_8);
                        }
                    }))),
            new Mutant("sse-decodes-body-in-pieces", "SSE-PAYLOAD-1", "decodes the trigger's body piece by piece as it"
                    + " arrives: a character cut between two TCP segments becomes U+FFFD",
                    withPayload(SseMutants::decodedPieceByPiece)),
            new Mutant("sse-named-events", "SSE-TYPE-1", "sends the events triggers cause as event: update, which an"
                    + " EventSource's onmessage never sees",
                    serving(() -> new EventStreamService(new EventHub() {
                        @Override
                        protected byte[] frame(long id, String payload) {
                            return concat("event: update\n".getBytes(StandardCharsets.UTF_8),
                                    EventFrames.event(id, payload));
                        }
                    }))),
            new Mutant("sse-latin1", "SSE-UTF8-1", "encodes events in ISO-8859-1, the platform default of many servers",
                    serving(() -> new EventStreamService(new EventHub() {
                        @Override
                        protected byte[] frame(long id, String payload) {
                            return new String(EventFrames.event(id, payload), StandardCharsets.UTF_8)
                                    .getBytes(StandardCharsets.ISO_8859_1);
                        }
                    }))),
            new Mutant("sse-clock-ids", "SSE-ID-2", "takes the time in whole seconds as event id, so events in one"
                    + " second share it",
                    serving(() -> new EventStreamService(new EventHub() {
                        @Override
                        protected long nextId(long last) {
                            return System.currentTimeMillis() / 1000;
                        }
                    }))),
            new Mutant("sse-ids-before-async-step", "SSE-ID-2", "takes an event's id before an asynchronous step (up to "
                    + IdsTakenBeforeTheLock.PAUSE_MS + " ms) and sends it after: concurrent triggers go out in another"
                    + " order than their ids",
                    serving(() -> new EventStreamService(new IdsTakenBeforeTheLock(EventHub.DEFAULT_HISTORY, Long.MAX_VALUE,
                            EventHub.DEFAULT_OUTBOX_BYTES, 0)))),
            new Mutant("sse-ignores-last-event-id", "SSE-RESUME-1", "never reads Last-Event-ID: a reconnecting client"
                    + " gets live events only",
                    withResumePoint((req, asRead) -> Optional.empty())),
            new Mutant("sse-history-one-short", "SSE-RESUME-1", "keeps " + (EventHub.DEFAULT_HISTORY - 1) + " events for"
                    + " resumption where it states " + EventHub.DEFAULT_HISTORY + " (sse.history): resuming from just before"
                    + " the oldest of " + EventHub.DEFAULT_HISTORY + " gets the stale signal",
                    serving(() -> new EventStreamService(new EventHub(EventHub.DEFAULT_HISTORY - 1,
                            EventHub.DEFAULT_OUTBOX_BYTES)))),
            new Mutant("sse-resume-skips-oldest-kept", "SSE-RESUME-1", "replays from its oldest kept event on, as if the"
                    + " client had seen that one: resumed from just before it, a stream misses it",
                    serving(() -> new EventStreamService(new EventHub() {
                        @Override
                        protected boolean replays(long id, long after) {
                            return id > Math.max(after, lastId() - DEFAULT_HISTORY + 1);
                        }
                    }))),
            new Mutant("sse-stale-silent", "SSE-RESUME-2", "resumes from nothing, silently, when it cannot resume after"
                    + " Last-Event-ID",
                    serving(() -> new EventStreamService(new EventHub() {
                        @Override
                        protected List<byte[]> staleSignal(String lastEventId) {
                            return List.of();
                        }
                    }))),
            new Mutant("sse-last-event-id-parse-long", "SSE-RESUME-2", "reads Last-Event-ID with Long.parseLong, which"
                    + " takes +7 for 7: a signed id resumes instead of getting the stale signal",
                    withResumePoint((req, asRead) -> asRead.map(SseMutants::parsedAsLong))),
            new Mutant("sse-stale-with-id", "SSE-STALE-1", "gives the stale signal the newest event's id, which a client"
                    + " then takes as its last event id",
                    serving(() -> new EventStreamService(new EventHub() {
                        @Override
                        protected List<byte[]> staleSignal(String lastEventId) {
                            return List.of(("event: stale\nid: " + lastId() + "\ndata: " + lastEventId + "\n\n")
                                    .getBytes(StandardCharsets.UTF_8));
                        }
                    }))),
            new Mutant("sse-empty-last-event-id-stale", "SSE-LIVE-1", "takes an empty Last-Event-ID for an id it cannot"
                    + " resume after, and starts the stream with the stale signal",
                    withResumePoint((req, asRead) -> req.header(LAST_EVENT_ID))),
            new Mutant("sse-replays-history", "SSE-LIVE-1", "replays its history to every new stream, as if it had asked to"
                    + " resume from the start",
                    withResumePoint((req, asRead) -> Optional.of(asRead.orElse("0")))),
            new Mutant("sse-heartbeat-once", "SSE-HEARTBEAT-1", "schedules its heartbeat once instead of periodically:"
                    + " one comment, then silence",
                    serving(() -> filtered(OneHeartbeatOnly::new))),
            new Mutant("sse-one-stream-per-event", "SSE-FANOUT-1", "sends each event to one open stream, in turn, as a"
                    + " queue shared by the streams would",
                    serving(() -> new EventStreamService(new EventHub() {
                        @Override
                        protected <T> Collection<T> recipients(Collection<T> open, long id) {
                            return open.stream().skip(open.isEmpty() ? 0 : id % open.size()).limit(1).toList();
                        }
                    }))),
            new Mutant("sse-trigger-without-id", "SSE-TRIGGER-1", "answers the trigger 202 Accepted with no body",
                    serving(() -> new EventStreamService() {
                        @Override
                        protected void answerTrigger(Response res, long id) {
                            res.status(Status.ACCEPTED).send();
                        }
                    })),
            new Mutant("sse-trigger-text-plain-only", "SSE-TRIGGER-1", "answers a trigger whose Content-Type is not"
                    + " text/plain 415 Unsupported Media Type",
                    serving(() -> new EventStreamService() {
                        @Override
                        protected String payload(Request req) {
                            if (!req.header("Content-Type")
                                    .map(v -> v.toLowerCase(Locale.ROOT).startsWith("text/plain")).orElse(false)) {
                                throw new HttpError(Status.UNSUPPORTED_MEDIA_TYPE, "a payload is text/plain");
                            }
                            return super.payload(req);
                        }
                    })),
            new Mutant("sse-trigger-replaces-bad-utf8", "SSE-TRIGGER-2", "decodes a trigger's body leniently: bytes"
                    + " that are not UTF-8 become U+FFFD instead of a 400",
                    withPayload(req -> new String(req.body(), StandardCharsets.UTF_8))),
            new Mutant("sse-trigger-truncates-oversize", "SSE-TRIGGER-2", "cuts a trigger's body to "
                    + EventStreamRoutes.MAX_PAYLOAD_BYTES + " bytes instead of answering 413",
                    withPayload(req -> {
                        byte[] body = req.body();
                        int kept = Math.min(body.length, EventStreamRoutes.MAX_PAYLOAD_BYTES);
                        return EventStreamRoutes.utf8(Arrays.copyOf(body, kept));
                    })));

    private SseMutants() {
    }

    /**
     * The stream's body, gzipped when the client accepts gzip: flushed after each event (a sync flush, which is
     * correct) or not (the fault of {@code sse-gzip-unflushed}).
     */
    public static OutputStream gzipIfAccepted(Request req, Response res, Supplier<OutputStream> body, boolean syncFlush) {
        boolean accepted = req.header("Accept-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("gzip")).orElse(false);
        if (!accepted) {
            return body.get();
        }
        res.header("Content-Encoding", "gzip").header("Vary", "Accept-Encoding");
        try {
            return new GZIPOutputStream(body.get(), syncFlush);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service whose trigger reads its payload this way. */
    private static Supplier<Consumer<Routes>> withPayload(Function<Request, String> payload) {
        return serving(() -> new EventStreamService() {
            @Override
            protected String payload(Request req) {
                return payload.apply(req);
            }
        });
    }

    /** A service that resumes where {@code resumePoint} says, given the request and where the reference would resume. */
    private static Supplier<Consumer<Routes>> withResumePoint(
            BiFunction<Request, Optional<String>, Optional<String>> resumePoint) {
        return serving(() -> new EventStreamService() {
            @Override
            protected Optional<String> resumePoint(Request req) {
                return resumePoint.apply(req, super.resumePoint(req));
            }
        });
    }

    /** The fault of {@code sse-decodes-body-in-pieces}: each piece of the body, as it arrived, is decoded on its own. */
    private static String decodedPieceByPiece(Request req) {
        StringBuilder text = new StringBuilder();
        for (byte[] piece : req.bodyPieces()) {
            text.append(new String(piece, StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    /** The fault of {@code sse-last-event-id-parse-long}: any value {@link Long#parseLong} takes is read as a number. */
    private static String parsedAsLong(String lastEventId) {
        try {
            return String.valueOf(Long.parseLong(lastEventId));
        } catch (NumberFormatException e) {
            return lastEventId;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static Supplier<Consumer<Routes>> serving(Supplier<EventStreamService> service) {
        return () -> {
            EventStreamService s = service.get(); // a service, and its hub, per server
            return routes -> routes.register(s);
        };
    }

    /** A service whose frames go through a filter; each write of the service is one whole frame. */
    private static EventStreamService filtered(UnaryOperator<OutputStream> filter) {
        return new EventStreamService() {
            @Override
            protected OutputStream streamBody(Request req, Response res) {
                return filter.apply(super.streamBody(req, res));
            }
        };
    }

    /**
     * Passes the service's frames on, counting them; each write of the service is one whole frame, and a frame that
     * starts with a colon is a comment (the opening, a heartbeat).
     */
    private abstract static class FrameFilter extends FilterOutputStream {
        int events;
        int comments;

        FrameFilter(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            boolean comment = len > 0 && b[off] == ':';
            if (comment) {
                comments++;
            } else {
                events++;
            }
            if (passes(comment)) {
                out.write(b, off, len);
            }
        }

        boolean passes(boolean comment) {
            return true;
        }
    }

    /** The fault of {@code sse-ends-after-3}: the response ends once its third event is out. */
    private static final class EndsAfterEvents extends FrameFilter {
        EndsAfterEvents(OutputStream out) {
            super(out);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            if (events >= ENDS_AFTER) {
                throw new IOException("the mutant ends the response"); // the outbox then ends the stream
            }
        }
    }

    /** The fault of {@code sse-flushes-every-4th}: events wait in the buffer until four of them are there. */
    private static final class FlushesEveryFourthEvent extends FrameFilter {
        private int flushed;

        FlushesEveryFourthEvent(OutputStream out) {
            super(out);
        }

        @Override
        public void flush() throws IOException {
            if (events == flushed || events - flushed >= FLUSHES_EVERY) {
                out.flush();
                flushed = events;
            }
        }
    }

    /** The fault of {@code sse-heartbeat-once}: after the opening comment and one heartbeat, comments are dropped. */
    private static final class OneHeartbeatOnly extends FrameFilter {
        OneHeartbeatOnly(OutputStream out) {
            super(out);
        }

        @Override
        boolean passes(boolean comment) {
            return !comment || comments <= 2;
        }
    }
}
