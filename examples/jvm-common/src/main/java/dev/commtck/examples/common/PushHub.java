package dev.commtck.examples.common;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Push's connected clients (spec/push.md): a tick to every client once per {@link #PERIOD}, and each notification to
 * every client, offered under one lock so that every client gets them in the order they were accepted. A client is a
 * predicate that queues a text message without blocking and answers false when the client has fallen too far behind
 * (it then closes its connection itself).
 */
public final class PushHub {

    /** One tick per period (the run declares it as {@code push.period}). */
    public static final Duration PERIOD = Duration.ofSeconds(1);
    /** A Ping frame to every client once per keep-alive (the run declares it as {@code push.keepalive}). */
    public static final Duration KEEPALIVE = Duration.ofSeconds(5);

    private final Set<Predicate<String>> clients = new LinkedHashSet<>();
    private final Function<Map<String, Object>, String> json;
    private long seq;

    /** {@code json} is the stack's own JSON writer. */
    public PushHub(Function<Map<String, Object>, String> json) {
        this.json = json;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("ticks").factory());
        ticker.scheduleAtFixedRate(this::tick, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void connect(Predicate<String> client) {
        clients.add(client);
    }

    public synchronized void disconnect(Predicate<String> client) {
        clients.remove(client);
    }

    public void broadcast(String data) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "notification");
        message.put("data", data);
        send(message);
    }

    private synchronized void tick() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "tick");
        message.put("seq", ++seq);
        message.put("time", Instant.now().toString());
        send(message);
    }

    private synchronized void send(Map<String, Object> message) {
        String text = json.apply(message);
        clients.removeIf(client -> !client.test(text));
    }
}
