package dev.commtck.tck.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.commtck.tck.support.ConformanceFailure;
import dev.commtck.tck.support.Deadline;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Evidence;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * An ordinary WebSocket client (the JDK's {@link java.net.http.WebSocket}) for the flows a well-behaved library
 * handles: it connects, answers Pings as the library does, and queues every text message with the time it arrived.
 * Every message and control frame goes into the evidence; messages and queue are bounded.
 */
final class PushClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Longest text message kept; a longer one is a failure of the check that reads it. */
    static final int MAX_MESSAGE_CHARS = 1 << 20;
    /** Messages kept unread at most; more are counted and dropped, so that a flood cannot exhaust memory. */
    static final int MAX_QUEUED = 50_000;

    /**
     * A text message from the server.
     *
     * @param atMs when it was complete, in ms since the test started
     * @param text the message
     * @param json the message as JSON, or null when it is not JSON
     */
    record Message(long atMs, String text, JsonNode json) {
        String type() {
            return json != null && json.isObject() ? json.path("type").asText("") : "";
        }

        boolean is(String type) {
            return type().equals(type);
        }
    }

    private final String name;
    private final Evidence evidence;
    private final HttpClient http;
    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Listener listener = new Listener();
    private WebSocket socket;

    private PushClient(String name, Evidence evidence, HttpClient http) {
        this.name = name;
        this.evidence = evidence;
        this.http = http;
    }

    /** Connects to the push resource; a failed handshake fails the check, an unreachable target is an ERROR. */
    static PushClient connect(Target target, String name) {
        // The JDK client reads the whole body of a handshake answer that is not 101, however long: a server answering
        // 200 with an endless body would fill the heap. The raw client shakes hands first, within its bounds.
        RawWebSocket.open(target).close();
        HttpClient http = target.endpoint().clientBuilder(target.tolerances().response()).build();
        PushClient c = new PushClient(name, target.evidence(), http);
        long t = target.evidence().now();
        try {
            target.evidence().requested("GET", PushPaths.socketUri(target));
            WebSocket.Builder handshake = http.newWebSocketBuilder().connectTimeout(target.tolerances().response());
            target.endpoint().headers().forEach(handshake::header);
            c.socket = handshake.buildAsync(PushPaths.socketUri(target), c.listener)
                    .get(target.tolerances().response().toMillis() + 500, TimeUnit.MILLISECONDS);
            target.evidence().record(t, name + " connected to " + PushPaths.socketUri(target), Map.of());
            return c;
        } catch (ExecutionException e) {
            c.close();
            Throwable cause = e.getCause();
            if (cause instanceof ConnectException || cause != null && cause.getCause() instanceof ConnectException) {
                throw new EvaluationError("cannot connect to " + PushPaths.socketUri(target) + ": " + cause, cause);
            }
            target.evidence().record(t, name + ": the WebSocket handshake failed: " + cause, Map.of());
            throw new ConformanceFailure("a WebSocket connection to " + PushPaths.socketUri(target),
                    "the handshake failed: " + cause, "");
        } catch (TimeoutException e) {
            c.close();
            throw new ConformanceFailure("a WebSocket connection within " + target.tolerances().response().toMillis()
                    + " ms (tolerance 'response')", "the handshake did not complete (timeout)", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new EvaluationError("interrupted while connecting", e);
        }
    }

    String name() {
        return name;
    }

    void send(String text) {
        long t = evidence.now();
        try {
            socket.sendText(text, true).get(5, TimeUnit.SECONDS);
            evidence.record(t, name + " → " + Text.quote(text), Map.of());
        } catch (ExecutionException | TimeoutException e) {
            evidence.record(t, name + " → " + Text.quote(text) + ": failed: " + e, Map.of());
            throw new ConformanceFailure("the connection to take the message " + Text.quote(text), "sending failed: " + e, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationError("interrupted while sending", e);
        }
    }

    /**
     * The next message that matches, waiting at most {@code within} (moved on by the time the kit itself could not run
     * meanwhile: {@link Deadline}); the others are skipped.
     */
    Optional<Message> await(Predicate<Message> wanted, Duration within) {
        return awaitUntil(wanted, Deadline.in(within));
    }

    /** Messages that match, until {@code count} of them came or {@code within} passed (allowing for the kit, as above). */
    List<Message> collect(Predicate<Message> wanted, int count, Duration within) {
        Deadline deadline = Deadline.in(within);
        List<Message> got = new ArrayList<>();
        while (got.size() < count) {
            Optional<Message> m = awaitUntil(wanted, deadline);
            if (m.isEmpty()) {
                break;
            }
            got.add(m.get());
        }
        return got;
    }

    private Optional<Message> awaitUntil(Predicate<Message> wanted, Deadline deadline) {
        try {
            while (true) {
                long left = deadline.nanosLeft();
                Message m = left <= 0 ? inbox.poll() : inbox.poll(left, TimeUnit.NANOSECONDS);
                if (m == null) {
                    return Optional.empty();
                }
                if (wanted.test(m)) {
                    return Optional.of(m);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationError("interrupted while waiting for a message", e);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        http.shutdownNow();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (partial.length() + data.length() > MAX_MESSAGE_CHARS) {
                evidence.note(name + " ← a message longer than " + MAX_MESSAGE_CHARS + " characters: closing");
                ws.abort();
                return null;
            }
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                long at = evidence.now();
                evidence.record(at, name + " ← " + Text.quote(text), Map.of());
                if (!inbox.offer(new Message(at, text, parse(text)))) {
                    evidence.note(name + ": more than " + MAX_QUEUED + " unread messages; this one was dropped by the kit");
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            evidence.note(name + " ← a binary frame of " + data.remaining() + " bytes");
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            evidence.note(name + " ← PING (" + message.remaining() + " bytes), answered by the library");
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            evidence.note(name + " ← CLOSE " + statusCode + " " + Text.quote(reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            evidence.note(name + ": connection failed: " + error);
        }
    }

    /**
     * Whether two JSON values are the same: of the same JSON type, numbers equal in value ({@code 7} and {@code 7.0}),
     * strings, booleans and null equal, arrays and objects member by member.
     */
    static boolean sameValue(JsonNode expected, JsonNode actual) {
        return expected.equals(NUMBERS_BY_VALUE, actual);
    }

    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** JSON the kit wrote itself, parsed. */
    static JsonNode json(String kitsOwn) {
        JsonNode json = parse(kitsOwn);
        if (json == null) {
            throw new IllegalStateException("not JSON: " + kitsOwn);
        }
        return json;
    }
}
