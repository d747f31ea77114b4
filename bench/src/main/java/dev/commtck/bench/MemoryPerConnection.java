package dev.commtck.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory per connection: idle SSE subscribers, parked long-poll waiters (each on a job of its own that does not end
 * while it is measured), WebSocket connections to the push endpoint. For each kind, a fresh server: its memory with no
 * connection, then with {@code small} and with {@code large} of them held by the load client, each read after a full
 * collection ({@link ServerMemory}). Reported per connection, from none to each size (fixed costs included), and from
 * the small size to the large one: what one more connection costs, the figure held to {@link #RSS_PER_CONNECTION_KIB}
 * (the others are for information).
 */
final class MemoryPerConnection {

    /** The kinds of connection, by the load client's name for them, with their name in the table. */
    private static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("sse", "idle SSE subscriber (GET /events)");
        KINDS.put("longpoll", "parked long-poll waiter (GET /jobs/{id}?wait=30, its job included)");
        KINDS.put("ws", "WebSocket connection (/push, a tick a second)");
    }

    private static final double RSS_PER_CONNECTION_KIB = 16;

    private final Servers servers;
    private final int rounds;
    private final int small;
    private final int large;

    MemoryPerConnection(Servers servers, int rounds, int small, int large) {
        this.servers = servers;
        this.rounds = rounds;
        this.small = small;
        this.large = large;
    }

    List<Figure> run() throws Exception {
        List<Figure> figures = new ArrayList<>();
        for (Map.Entry<String, String> kind : KINDS.entrySet()) {
            List<Double> rssSmall = new ArrayList<>();
            List<Double> rssLarge = new ArrayList<>();
            List<Double> rssMarginal = new ArrayList<>();
            List<Double> heapSmall = new ArrayList<>();
            List<Double> heapLarge = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("Memory of %s, round %d of %d%n", kind.getKey(), round, rounds);
                int port = Proc.freePort();
                try (Proc server = servers.reference(port, Bench.ReferenceJvm.OPTIONS); LoadDriver client = servers.loadClient(port)) {
                    ServerMemory none = ServerMemory.afterGc(server, servers.work());
                    client.hold(kind.getKey(), small);
                    ServerMemory atSmall = ServerMemory.afterGc(server, servers.work());
                    client.hold(kind.getKey(), large);
                    ServerMemory atLarge = ServerMemory.afterGc(server, servers.work());
                    client.ask("close", java.time.Duration.ofMinutes(1));
                    rssSmall.add(kib(atSmall.rssBytes() - none.rssBytes(), small));
                    rssLarge.add(kib(atLarge.rssBytes() - none.rssBytes(), large));
                    rssMarginal.add(kib(atLarge.rssBytes() - atSmall.rssBytes(), large - small));
                    heapSmall.add(kib(atSmall.heapUsedBytes() - none.heapUsedBytes(), small));
                    heapLarge.add(kib(atLarge.heapUsedBytes() - none.heapUsedBytes(), large));
                    System.out.printf("  RSS %d → %d → %d MiB, heap after GC %d → %d → %d MiB (0, %,d, %,d connections)%n",
                            none.rssBytes() >> 20, atSmall.rssBytes() >> 20, atLarge.rssBytes() >> 20,
                            none.heapUsedBytes() >> 20, atSmall.heapUsedBytes() >> 20, atLarge.heapUsedBytes() >> 20, small, large);
                }
            }
            String what = "memory per " + kind.getValue();
            figures.add(Figure.info(what, String.format("RSS per connection at %,d (KiB)", small), rssSmall));
            figures.add(Figure.info(what, String.format("RSS per connection at %,d (KiB)", large), rssLarge));
            figures.add(Figure.atMost(what, String.format("RSS per connection from %,d to %,d (KiB)", small, large), rssMarginal,
                    RSS_PER_CONNECTION_KIB, "KiB"));
            figures.add(Figure.info(what, String.format("heap per connection at %,d (KiB)", small), heapSmall));
            figures.add(Figure.info(what, String.format("heap per connection at %,d (KiB)", large), heapLarge));
        }
        return figures;
    }

    private static double kib(long bytes, int connections) {
        return bytes / 1024.0 / connections;
    }
}
