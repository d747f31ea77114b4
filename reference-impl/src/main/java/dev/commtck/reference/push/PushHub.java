package dev.commtck.reference.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commtck.reference.JsonMappers;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every connected client, and what is pushed to them: a {@code tick} each period, every notification triggered over
 * HTTP, and a Ping frame to a client that has been silent for the keep-alive period. Publishing only hands each
 * message to each client's connection, which writes it when the client can take it, so a slow client delays no one;
 * one lock orders notifications, so every client gets them in the order they were accepted. One timer thread serves
 * all clients.
 *
 * <p>Mutants extend it to break one of these promises ({@link #subscribe}, {@link #deliver}, {@link #notification}).
 */
public class PushHub implements AutoCloseable {

    private static final Outbound.Ping KEEP_ALIVE = new Outbound.Ping("keep-alive".getBytes(StandardCharsets.US_ASCII));

    private final PushSettings settings;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "push-timer");
        t.setDaemon(true);
        return t;
    });
    private final Object order = new Object();
    private long tickSeq;
    private volatile Outbound.Text lastTick;

    public PushHub(PushSettings settings) {
        this.settings = settings;
        long period = settings.period().toMillis();
        timer.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MILLISECONDS);
        long keepAlive = settings.keepAlive().toMillis();
        timer.scheduleAtFixedRate(this::keepAlive, keepAlive / 2, Math.max(1, keepAlive / 2), TimeUnit.MILLISECONDS);
    }

    public PushSettings settings() {
        return settings;
    }

    /**
     * A new client on {@code channel}, registered before its handshake's answer goes out: every notification accepted
     * after it saw the 101 reaches it. It gets the latest tick at once, so that it never waits a whole period for its
     * first message.
     */
    public Subscriber subscribe(Channel channel) {
        Subscriber s = new Subscriber(settings, channel);
        synchronized (order) {
            subscribers.add(s);
            Outbound.Text tick = lastTick;
            if (tick != null) {
                deliver(s, tick);
            }
        }
        return s;
    }

    public void unsubscribe(Subscriber s) {
        subscribers.remove(s);
        s.stop();
    }

    /** The client spoke (any frame): mutants that wait for it hook in here. */
    protected void heard(Subscriber s) {
        s.heard();
    }

    /** A notification for every connected client. */
    public void publish(String data) {
        broadcast(new Outbound.Text(notification(data)));
    }

    /** The message {@code {"type":"notification","data":"…"}}, the body as a JSON string. */
    protected String notification(String data) {
        return JsonMappers.string(JsonMappers.object().put("type", "notification").put("data", data));
    }

    private void tick() {
        synchronized (order) {
            ObjectNode m = JsonMappers.object().put("type", "tick").put("seq", ++tickSeq)
                    .put("time", Instant.now().toString());
            lastTick = new Outbound.Text(JsonMappers.string(m));
            broadcast(lastTick);
        }
    }

    private void broadcast(Outbound.Text message) {
        synchronized (order) {
            for (Subscriber s : subscribers) {
                deliver(s, message);
            }
        }
    }

    /** Hands one message to one client's connection; never blocks. */
    protected void deliver(Subscriber s, Outbound.Text message) {
        s.offer(message);
    }

    private void keepAlive() {
        long now = System.nanoTime();
        for (Subscriber s : subscribers) {
            if (s.needsPing(now)) {
                s.pinged(now);
                s.offer(KEEP_ALIVE);
            }
        }
    }

    /** Stops the timers; the server closes the connections. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
