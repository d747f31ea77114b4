package dev.commtck.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Connections of one kind held open, each by a virtual thread of its own: it establishes its session (bounded
 * concurrency, so that the server's accept queue is not flooded), then keeps it — reads what the server sends — until
 * the session is closed or its own bound ends.
 *
 * @param <S> the kind of session
 */
final class Held<S extends Held.Session> {

    /** One held connection. */
    interface Session {
        /** Connects and does what makes the connection count as held (a stream's head received, a 101). */
        void establish() throws IOException;

        /** Reads what the server sends, until the connection closes (at the latest after {@link #LONGEST_HOLD}). */
        void keep() throws IOException;

        void close();
    }

    /** How a growth went: how many are held now, how many failed to establish, and how long it took. */
    record Growth(int held, int failed, long millis) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("held", held);
            m.put("failed", failed);
            m.put("ms", millis);
            return m;
        }
    }

    /** The longest any session is kept: a load client never outlives a benchmark section by much. */
    static final Duration LONGEST_HOLD = Duration.ofMinutes(30);
    /** Handshakes in flight at once. */
    private static final int CONCURRENT_SETUPS = 128;

    private final List<S> sessions = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Opens sessions made by {@code make} (given their index) until {@code total} are held, waiting at most {@code bound}. */
    Growth grow(int total, IntFunction<S> make, Duration bound) throws InterruptedException {
        long start = System.nanoTime();
        int from = sessions.size();
        CountDownLatch settled = new CountDownLatch(Math.max(0, total - from));
        Semaphore setups = new Semaphore(CONCURRENT_SETUPS);
        AtomicInteger failedNow = new AtomicInteger();
        List<S> established = Collections.synchronizedList(new ArrayList<>());
        for (int i = from; i < total; i++) {
            S s = make.apply(i);
            Watchdog.after(LONGEST_HOLD, s::close); // reads have no timeout: this ends them at the latest
            threads.add(Thread.ofVirtual().name("held-" + i).start(() -> {
                boolean up = false;
                try {
                    setups.acquire();
                    try {
                        s.establish();
                        up = true;
                        established.add(s);
                    } finally {
                        setups.release();
                        settled.countDown();
                    }
                    s.keep();
                } catch (IOException | RuntimeException e) {
                    if (!up) {
                        failedNow.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    s.close();
                }
            }));
        }
        if (!settled.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException((total - from - settled.getCount()) + " of " + (total - from)
                    + " connections settled within " + bound.toSeconds() + " s");
        }
        sessions.addAll(established);
        return new Growth(sessions.size(), failedNow.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    List<S> sessions() {
        return sessions;
    }

    /** Closes every session and waits (bounded) for their threads to end; how many there were. */
    int closeAll() throws InterruptedException {
        int n = sessions.size();
        sessions.forEach(Session::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread t : threads) {
            t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        sessions.clear();
        threads.clear();
        return n;
    }
}
