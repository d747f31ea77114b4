package dev.commtck.tck.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
import dev.commtck.tck.support.Text;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Notifications triggered over HTTP: to every client, promptly, in order, and past a client that does not read. */
@ConformanceSuite(Pattern.PUSH)
@DisplayName("push: notifications")
class NotificationTest {

    static final int CLIENTS = 3;
    static final int LANES = 4;
    static final int PER_LANE = 250;
    /** The slow-reader burst: large enough to fill a client's socket buffers and any sensible server queue. */
    static final int BURST = 200;
    static final int BURST_BYTES = 32 * 1024;
    /** Notifications of the burst posted but not yet read by the reading clients, at most. */
    static final int IN_FLIGHT = 8;

    static Exchange post(Target target, String data) {
        Exchange ex = target.http().post(target.path(PushPaths.NOTIFICATIONS), data);
        Expect.that(ex.status() >= 200 && ex.status() < 300, "a 2xx answer to the notification", "the status was "
                + ex.status(), ex);
        return ex;
    }

    private static List<PushClient> connect(Target target, int n) {
        List<PushClient> clients = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            clients.add(PushClient.connect(target, "client " + i));
        }
        return clients;
    }

    static void closeAll(List<PushClient> clients) {
        clients.forEach(PushClient::close);
    }

    private static boolean notification(PushClient.Message m, String prefix) {
        return m.is("notification") && m.json().path("data").asText("").startsWith(prefix);
    }

    /** Notification bodies: plain, and ones whose JSON string needs escapes (RFC 8259 §7) or carries other scripts. */
    enum Body {
        PLAIN("deploy finished"),
        QUOTES_AND_BACKSLASHES("say \"hi\" to C:\\temp\\ and \\u0041 and \\n"),
        CONTROL_CHARACTERS("line\nbreak\r\ttab \u0000 \u0001 \u001f \u007f end"),
        BEYOND_ASCII("\u00fc \u20ac \ud83d\ude00 \u2028\u2029 </script>");

        final String text;

        Body(String text) {
            this.text = text;
        }
    }

    @ParameterizedTest(name = "a notification ({0}) reaches every connected client within wake, its body exactly")
    @EnumSource(Body.class)
    @Verifies("PUSH-NOTIFY-1")
    void notificationReachesEveryClient(Body body, Target target) {
        List<PushClient> clients = connect(target, CLIENTS);
        try {
            String data = "commtck notify " + System.nanoTime() + ": " + body.text;
            Exchange ex = post(target, data);
            long wake = target.tolerances().wake().toMillis();
            for (PushClient c : clients) {
                long left = Math.max(0, ex.endMs() + wake - target.evidence().now());
                Optional<PushClient.Message> got = c.await(m -> !m.is("tick"), Duration.ofMillis(left));
                Expect.that(got.isPresent(), c.name() + " to receive the notification within " + wake
                        + " ms (wake) of the 2xx", "it received none", ex);
                PushClient.Message m = got.get();
                Expect.that(m.is("notification"), c.name() + " to receive a notification message, a JSON object",
                        "it received " + Text.quote(m.text(), 200) + (m.json() == null ? ", which is not JSON" : ""), ex);
                JsonNode received = m.json().path("data");
                Expect.that(received.isTextual() && received.textValue().equals(data), c.name()
                        + " to receive the body exactly, as a JSON string: " + Text.quote(data, 200), "data was "
                        + (received.isTextual() ? Text.quote(received.textValue(), 200) : received.toString())
                        + " in " + Text.quote(m.text(), 200), ex);
            }
        } finally {
            closeAll(clients);
        }
    }

    /** The largest notification body the contract has every server accept, in bytes of UTF-8. */
    static final int LARGEST_BODY = 64 * 1024;

    /** {@code prefix}, then characters of one to four bytes, then ASCII: exactly {@code bytes} bytes of UTF-8. */
    static String bodyOf(String prefix, int bytes) {
        StringBuilder sb = new StringBuilder(prefix);
        int size = prefix.getBytes(StandardCharsets.UTF_8).length;
        String mixed = "a\u00e9\u20ac\ud83d\ude00"; // 1 + 2 + 3 + 4 bytes
        while (size + 10 <= bytes) {
            sb.append(mixed);
            size += 10;
        }
        return sb.append("x".repeat(bytes - size)).toString();
    }

    @Test
    @Verifies("PUSH-NOTIFY-2")
    @DisplayName("a notification of 64 KiB is accepted and reaches a connected client whole")
    void largestNotificationIsDeliveredWhole(Target target) {
        try (PushClient client = PushClient.connect(target, "client")) {
            String data = bodyOf("commtck 64 KiB " + System.nanoTime() + " ", LARGEST_BODY);
            Exchange ex = post(target, data);
            long wake = target.tolerances().wake().toMillis();
            Optional<PushClient.Message> got = client.await(m -> !m.is("tick"),
                    Duration.ofMillis(Math.max(0, ex.endMs() + wake - target.evidence().now())));
            Expect.that(got.isPresent(), "the notification within " + wake + " ms (wake) of the 2xx", "none came", ex);
            JsonNode received = got.get().json() == null ? null : got.get().json().path("data");
            Expect.that(got.get().is("notification") && received.isTextual() && received.textValue().equals(data),
                    "the " + LARGEST_BODY + "-byte body whole in a notification's data", "it received "
                    + (received != null && received.isTextual() ? "data of " + received.textValue()
                    .getBytes(StandardCharsets.UTF_8).length + " bytes that differ" : Text.quote(got.get().text(), 200)), ex);
        }
    }

    @Test
    @Verifies("PUSH-ORDER-1")
    @DisplayName("1000 notifications in 4 concurrent sequences reach every client, all of them, each sequence in order")
    void notificationsArriveCompleteAndInOrder(Target target) {
        List<PushClient> clients = connect(target, CLIENTS);
        try {
            String run = "commtck order " + System.nanoTime() + " ";
            long lastAnswer = postLanes(target, run);
            long wake = target.tolerances().wake().toMillis();
            for (PushClient c : clients) {
                long left = Math.max(0, lastAnswer + wake - target.evidence().now());
                List<PushClient.Message> got = c.collect(m -> notification(m, run), LANES * PER_LANE, Duration.ofMillis(left));
                String problem = orderProblem(got, run);
                target.evidence().note(c.name() + " received " + got.size() + " of " + LANES * PER_LANE + " notifications"
                        + (problem.isEmpty() ? ", each sequence in order" : ": " + problem));
                Expect.that(problem.isEmpty() && got.size() == LANES * PER_LANE, c.name() + " to receive all "
                        + LANES * PER_LANE + " notifications, each sequence in order, within " + wake
                        + " ms (wake) of the last 2xx", problem.isEmpty() ? "it received " + got.size() : problem);
            }
        } finally {
            closeAll(clients);
        }
    }

    /** Posts LANES sequences of PER_LANE notifications at once, each sequence one after another; the last answer's time. */
    private static long postLanes(Target target, String run) {
        ExecutorService lanes = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (int lane = 0; lane < LANES; lane++) {
                int l = lane;
                done.add(lanes.submit(() -> {
                    long last = 0;
                    for (int i = 0; i < PER_LANE; i++) {
                        last = post(target, run + l + " " + i).endMs();
                    }
                    return last;
                }));
            }
            long last = 0;
            for (Future<Long> f : done) {
                last = Math.max(last, f.get(target.tolerances().scale(Duration.ofSeconds(60)).toMillis(), TimeUnit.MILLISECONDS));
            }
            return last;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError a) {
                throw a;
            }
            throw new EvaluationError("posting notifications failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new EvaluationError("posting " + LANES * PER_LANE + " notifications took too long", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationError("interrupted while posting notifications", e);
        } finally {
            lanes.shutdownNow();
        }
    }

    /** What is wrong with the notifications one client received (empty when nothing): a duplicate, a gap, a reordering. */
    static String orderProblem(List<PushClient.Message> got, String run) {
        int[] next = new int[LANES];
        for (PushClient.Message m : got) {
            String[] parts = m.json().path("data").asText().substring(run.length()).split(" ");
            int lane = Integer.parseInt(parts[0]);
            int index = Integer.parseInt(parts[1]);
            if (index != next[lane]) {
                return index < next[lane] ? "notification " + lane + "/" + index + " came again or after a later one"
                        : "notification " + lane + "/" + index + " came while " + lane + "/" + next[lane]
                        + " had not (missing, or overtaken)";
            }
            next[lane]++;
        }
        return "";
    }

    /** A notification of the burst: its index, then padding to {@link #BURST_BYTES}. */
    private static String burstData(String run, int i) {
        String head = run + i + " ";
        return head + "x".repeat(BURST_BYTES - head.length());
    }

    @Test
    @Verifies("PUSH-SLOW-1")
    @DisplayName("a client that reads nothing does not delay the others")
    void slowReaderDoesNotDelayOthers(Target target) {
        RawWebSocket.open(target); // connected, and never read
        String run = "commtck slow " + System.nanoTime() + " ";
        List<Exchange> answers = new ArrayList<>();
        List<BurstReader> readers = List.of(new BurstReader("client 1", run, answers, target),
                new BurstReader("client 2", run, answers, target));
        try {
            for (int i = 0; i < BURST; i++) {
                answers.add(post(target, burstData(run, i)));
                // the kit posts no faster than its readers read, so that no backlog of its own piles up at the server
                for (BurstReader r : readers) {
                    r.receiveThrough(i - IN_FLIGHT);
                }
            }
            for (BurstReader r : readers) {
                r.receiveThrough(BURST - 1);
                target.evidence().note(r.name + " received all " + BURST + " notifications, the latest " + r.latest
                        + " ms after its 2xx (notification " + r.latestIndex + ")");
            }
        } finally {
            readers.forEach(BurstReader::stop);
        }
    }

    /**
     * A client of the slow-reader check that reads, on a thread of its own, with the raw client: each notification it
     * receives is late only if the reader found the connection empty, notification not there, past {@code wake} after
     * its 2xx. A reader kept from running by a busy machine reads late what had come on time: that is the kit's delay,
     * not the server's, and the moment it last found the connection empty says so.
     */
    private static final class BurstReader {
        /** How long one read waits before the reader looks again (and so finds the connection empty again). */
        static final Duration SLICE = Duration.ofMillis(20);

        final String name;
        final String run;
        final List<Exchange> answers;
        final Target target;
        final RawWebSocket ws;
        /** Guarded by this: the burst's messages as read, and the last moment the connection was found empty. */
        private final List<Arrival> messages = new ArrayList<>();
        private long seenEmptyMs = -1;
        private String ended = "";
        private volatile boolean stopping;
        int received;
        long latest = -1;
        int latestIndex;

        BurstReader(String name, String run, List<Exchange> answers, Target target) {
            this.name = name;
            this.run = run;
            this.answers = answers;
            this.target = target;
            this.ws = RawWebSocket.open(target);
            Thread.ofPlatform().daemon().name("commtck " + name).start(this::read);
        }

        private void read() {
            while (!stopping) {
                RawWebSocket.Read r;
                String failed = "";
                try {
                    r = ws.read(SLICE);
                } catch (AssertionError e) {
                    r = new RawWebSocket.Eof(target.evidence().now());
                    failed = "reading failed: " + e.getMessage();
                }
                synchronized (this) {
                    seenEmptyMs = ws.lastSeenEmptyMs();
                    switch (r) {
                        case RawWebSocket.Got g when g.frame().is("notification") ->
                                messages.add(new Arrival(g.frame(), seenEmptyMs));
                        case RawWebSocket.Got g when g.frame().opcode() == WireFrame.CLOSE ->
                                ended = "the server closed the connection: " + g.frame().describe();
                        case RawWebSocket.Eof e -> ended = failed.isEmpty() ? "the server closed the TCP connection" : failed;
                        default -> { }
                    }
                    notifyAll();
                    if (!ended.isEmpty()) {
                        return;
                    }
                }
            }
        }

        /**
         * Judges the notifications up to {@code index}: each must be read, in order, unless the reader found the
         * connection empty without it past {@code wake} after its 2xx.
         */
        synchronized void receiveThrough(int index) {
            long wake = target.tolerances().wake().toMillis();
            long bound = target.tolerances().response().toMillis();
            while (received <= index) {
                Exchange answer = answers.get(received);
                String expected = name + " to receive notification " + received + " within " + wake
                        + " ms (wake) of its 2xx while another client reads nothing";
                long deadline = answer.endMs() + wake;
                while (messages.size() <= received && ended.isEmpty() && seenEmptyMs <= deadline) {
                    long left = answer.endMs() + bound - target.evidence().now();
                    if (left <= 0) {
                        throw new EvaluationError("the kit's reader of " + name + " did not get to look for notification "
                                + received + " within " + bound + " ms (response) of its 2xx: the machine is too busy");
                    }
                    waitAtMost(left);
                }
                Expect.that(messages.size() > received, expected, ended.isEmpty() ? "it had not come by +" + seenEmptyMs
                        + " ms, " + (seenEmptyMs - answer.endMs()) + " ms after its 2xx, when the reader found the"
                        + " connection empty; " + received + " of the " + answers.size() + " posted had come" : ended, answer);
                Arrival m = messages.get(received);
                String data = m.message.json().path("data").asText();
                int came = Integer.parseInt(data.substring(run.length(), data.indexOf(' ', run.length())));
                Expect.that(came == received, expected, "notification " + came + " came instead", answer);
                long late = m.message.atMs() - answer.endMs();
                Expect.that(m.notBeforeMs <= deadline, expected, "it was read at +" + m.message.atMs() + " ms, and had not"
                        + " come by +" + m.notBeforeMs + " ms, " + (m.notBeforeMs - answer.endMs()) + " ms after its 2xx,"
                        + " when the reader found the connection empty", answer);
                if (late > latest) {
                    latest = late;
                    latestIndex = received;
                }
                received++;
            }
        }

        /** A message as read (at {@code message.atMs()}), and the last moment before when the connection was found empty. */
        private record Arrival(WireFrame message, long notBeforeMs) {
        }

        private void waitAtMost(long ms) {
            try {
                wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EvaluationError("interrupted while waiting for notifications", e);
            }
        }

        void stop() {
            stopping = true;
            ws.close();
        }
    }

    @Test
    @Verifies("PUSH-SLOW-2")
    @DisplayName("a client that stopped reading gets every notification, or a prefix and the end: never a gap")
    void slowReaderGetsNoGap(Target target) {
        RawWebSocket slow = RawWebSocket.open(target);
        String run = "commtck gap " + System.nanoTime() + " ";
        for (int i = 0; i < BURST; i++) {
            post(target, burstData(run, i));
        }
        target.evidence().note("posted " + BURST + " notifications of " + BURST_BYTES + " bytes while the client read nothing;"
                + " now it reads");
        SlowReader reader = new SlowReader(slow, run);
        reader.readUntil(BURST, target.tolerances().response());
        if (!reader.ended) {
            // the end may still come; if not, a notification posted now must be the next one it receives
            post(target, run + BURST + " marker");
            reader.readUntil(BURST + 1, target.tolerances().wake().plus(target.tolerances().fast()));
        }
        target.evidence().note("the client received notifications 0.." + (reader.next - 1)
                + (reader.ended ? ", then " + reader.end : ", and the connection stays open"));
        Expect.that(reader.problem.isEmpty(), "an in-order prefix of the notifications, then either the rest or the end of"
                + " the connection (Close 1008 or 1013, or TCP closed)", reader.problem.isEmpty() ? "" : reader.problem);
        Expect.that(reader.ended || reader.next > BURST, "all " + BURST + " notifications and the one posted after them, or"
                + " the end of the connection", "after notification " + (reader.next - 1)
                + " nothing more came and the connection stayed open");
    }

    /** Reads what a slow client gets, judging each notification against the order it was posted in. */
    private static final class SlowReader {
        private final RawWebSocket ws;
        private final String run;
        int next;
        boolean ended;
        String end = "";
        String problem = "";

        SlowReader(RawWebSocket ws, String run) {
            this.ws = ws;
            this.run = run;
        }

        /** Reads until notification {@code count - 1} came, the connection ended, or {@code window} passed. */
        void readUntil(int count, Duration window) {
            long deadline = System.nanoTime() + window.toNanos();
            while (!ended && problem.isEmpty() && next < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                switch (ws.read(Duration.ofNanos(left))) {
                    case RawWebSocket.Got g -> received(g.frame());
                    case RawWebSocket.Eof e -> end("the TCP connection closed");
                    case RawWebSocket.Quiet q -> {
                        return;
                    }
                }
            }
        }

        private void received(WireFrame f) {
            if (f.opcode() == WireFrame.CLOSE) {
                int code = f.closeCode();
                end("Close " + code);
                if (code != 1008 && code != 1013) {
                    problem = "the connection was closed with " + (code < 0 ? "no code" : "code " + code)
                            + ", not 1008 or 1013";
                }
            } else if (f.opcode() == WireFrame.TEXT) {
                message(f.text());
            }
        }

        private void message(String m) {
            int at = m.indexOf(run);
            if (!m.contains("\"notification\"") || at < 0) {
                return; // a tick
            }
            String rest = m.substring(at + run.length());
            int index = Integer.parseInt(rest.substring(0, rest.indexOf(' ')));
            if (index != next) {
                problem = "notification " + index + " came after notification " + (next - 1) + ": " + (index - next)
                        + " in between never came";
            }
            next = index + 1;
        }

        private void end(String how) {
            ended = true;
            end = how;
        }
    }
}
