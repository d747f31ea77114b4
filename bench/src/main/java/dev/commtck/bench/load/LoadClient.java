package dev.commtck.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Java load client for streams, waits and queues: a process of its own, on virtual threads, talking to one server
 * on 127.0.0.1 over plain sockets, or to the nodes of one (their ports given as a list: the event streams and the
 * queue's producer-consumer pairs are spread over them, and events are published on the first). The benchmark
 * ({@code dev.commtck.bench.LoadDriver}) starts it with the server's port and drives it one command a line on its
 * standard input; it answers each with one JSON line on its standard
 * output, {@code {"reply":"<command>", …}} (or {@code {"reply":"error","message":…}}), so that the benchmark can look at
 * the server (its memory, say) between two steps.
 *
 * <pre>
 * hold sse|topic|longpoll|ws N   hold N connections of that kind open (idle event streams, subscriptions to the
 *                          pub/sub topic "bench", parked waits, WebSockets)
 * fanout E                 publish E events one at a time to the held event streams and measure their delivery
 * paced E R                publish E messages to the topic "bench", R a second, and measure their delivery
 * wake N MS together|staggered   N waits on N jobs that end MS from now, all at once or each MS after its
 *                          submission; "parked" once every wait is sent, then the wake-ups
 * ping C MS                POST /hello ping on C connections for MS milliseconds
 * queue C MS M             C/2 producers and C/2 consumers (send; receive up to M at a time; ack each) on a new
 *                          queue for MS milliseconds
 * close                    close every held connection
 * exit                     close everything and end (so does the end of the input)
 * </pre>
 */
public final class LoadClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a growth of held connections may take. */
    private static final Duration HOLD_BOUND = Duration.ofMinutes(2);
    /** How long one published event may take to reach every stream. */
    private static final Duration EVENT_BOUND = Duration.ofSeconds(30);

    private LoadClient() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--port")) {
            System.err.println("usage: LoadClient --port PORT[,PORT…]   (then commands on standard input)");
            System.exit(2);
        }
        List<Integer> ports = Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList();
        int port = ports.get(0);
        SseStreams streams = new SseStreams(ports, "/events", "/events", 64);
        SseStreams topic = new SseStreams(ports, "/topics/bench/events", "/topics/bench/messages", 4096);
        Waits waits = new Waits(port);
        WebSockets sockets = new WebSockets(port);
        Throughput throughput = new Throughput(ports);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.strip().equals("exit"); line = in.readLine()) {
            String[] w = line.strip().split("\\s+");
            try {
                switch (w[0]) {
                    case "hold" -> {
                        int n = Integer.parseInt(w[2]);
                        Held.Growth g = switch (w[1]) {
                            case "sse" -> streams.hold(n, HOLD_BOUND);
                            case "topic" -> topic.hold(n, HOLD_BOUND);
                            case "longpoll" -> waits.hold(n, HOLD_BOUND);
                            case "ws" -> sockets.hold(n, HOLD_BOUND);
                            default -> throw new IllegalArgumentException("hold what? " + w[1]);
                        };
                        reply("hold", g.json());
                    }
                    case "fanout" -> reply("fanout", streams.fanOut(Integer.parseInt(w[1]), EVENT_BOUND));
                    case "paced" -> reply("paced", topic.paced(Integer.parseInt(w[1]), Integer.parseInt(w[2]), EVENT_BOUND));
                    // the connections stay open until the next wake or close: the benchmark reads the processes' CPU time
                    // once this answers, and their closing is no part of the wake-ups
                    case "wake" -> reply("wake", waits.wake(Integer.parseInt(w[1]), Duration.ofMillis(Long.parseLong(w[2])),
                            w[3].equals("together"), parked -> reply("parked", parked)));
                    case "ping" -> reply("ping", throughput.ping(Integer.parseInt(w[1]), Duration.ofMillis(Long.parseLong(w[2]))));
                    case "rate" -> reply("rate", throughput.paced(w[1].equals("ping"), Integer.parseInt(w[2]),
                            Integer.parseInt(w[3]), Duration.ofMillis(Long.parseLong(w[4]))));
                    case "queue" -> reply("queue", throughput.queue(Integer.parseInt(w[1]), Duration.ofMillis(Long.parseLong(w[2])),
                            Integer.parseInt(w[3])));
                    case "close" -> reply("close", Map.of("closed", streams.close() + topic.close() + waits.close() + sockets.close()));
                    default -> throw new IllegalArgumentException("unknown command " + w[0]);
                }
            } catch (Exception e) {
                reply("error", Map.of("message", line + ": " + e));
            }
        }
        streams.close();
        topic.close();
        waits.close();
        sockets.close();
    }

    private static synchronized void reply(String what, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reply", what);
        m.putAll(fields);
        try {
            System.out.println(JSON.writeValueAsString(m));
            System.out.flush();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
