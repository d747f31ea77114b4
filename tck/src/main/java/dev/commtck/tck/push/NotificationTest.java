package dev.commtck.tck.push;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.ConformanceSuite;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.EvaluationError;
import dev.commtck.tck.support.Exchange;
import dev.commtck.tck.support.Expect;
import dev.commtck.tck.support.Target;
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

    @Test
    @Verifies("PUSH-NOTIFY-1")
    @DisplayName("a notification reaches every connected client within wake")
    void notificationReachesEveryClient(Target target) {
        List<PushClient> clients = connect(target, CLIENTS);
        try {
            String data = "commtck notify " + System.nanoTime();
            Exchange ex = post(target, data);
            long wake = target.tolerances().wake().toMillis();
            for (PushClient c : clients) {
                long left = Math.max(0, ex.endMs() + wake - target.evidence().now());
                Optional<PushClient.Message> got = c.await(m -> m.is("notification"), Duration.ofMillis(left));
                Expect.that(got.isPresent(), c.name() + " to receive the notification within " + wake
                        + " ms (wake) of the 2xx", "it received none", ex);
                Expect.that(got.get().json().path("data").asText("").equals(data),
                        c.name() + " to receive {\"type\":\"notification\",\"data\":\"" + data + "\"}",
                        "it received " + got.get().text(), ex);
            }
        } finally {
            closeAll(clients);
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
        List<PushClient> clients = connect(target, 2);
        try {
            String run = "commtck slow " + System.nanoTime() + " ";
            List<Exchange> answers = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                answers.add(post(target, burstData(run, i)));
            }
            long wake = target.tolerances().wake().toMillis();
            for (PushClient c : clients) {
                long left = Math.max(0, answers.get(BURST - 1).endMs() + wake - target.evidence().now());
                List<PushClient.Message> got = c.collect(m -> notification(m, run), BURST, Duration.ofMillis(left));
                for (int i = 0; i < got.size(); i++) {
                    long late = got.get(i).atMs() - answers.get(i).endMs();
                    Expect.that(late <= wake, c.name() + " to receive every notification within " + wake
                            + " ms (wake) while another client reads nothing", "notification " + i + " came " + late
                            + " ms after its 2xx", answers.get(i));
                }
                Expect.that(got.size() == BURST, c.name() + " to receive all " + BURST + " notifications while another"
                        + " client reads nothing", "it received " + got.size(), answers.get(BURST - 1));
            }
        } finally {
            closeAll(clients);
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
        private final StringBuilder text = new StringBuilder();
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
                    case RawWebSocket.Got g -> frame(g.frame());
                    case RawWebSocket.Eof e -> end("the TCP connection closed");
                    case RawWebSocket.Quiet q -> {
                        return;
                    }
                }
            }
        }

        private void frame(WireFrame f) {
            if (f.opcode() == WireFrame.CLOSE) {
                int code = f.closeCode();
                end("Close " + code);
                if (code != 1008 && code != 1013) {
                    problem = "the connection was closed with " + (code < 0 ? "no code" : "code " + code)
                            + ", not 1008 or 1013";
                }
            } else if (f.opcode() == WireFrame.TEXT || f.opcode() == WireFrame.CONTINUATION) {
                text.append(f.text());
                if (f.fin()) {
                    message(text.toString());
                    text.setLength(0);
                }
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
