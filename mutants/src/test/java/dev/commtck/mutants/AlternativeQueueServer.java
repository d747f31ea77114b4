package dev.commtck.mutants;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message queue written independently of the reference, on the JDK's HTTP server, that makes every other choice the
 * contract allows: its own paths ({@code /api/v2/q/{name}/send}, {@code …/leases}, {@code …/leases/{receipt}}),
 * {@code 200} with an empty list for an empty receive, {@code 200} with a body for an ack, {@code 410} for a stale
 * receipt, extra JSON members, a charset on every JSON answer, UUID receipts, and neither release nor dead letters.
 * One lock guards all queues; waiting receives wait on its condition.
 */
final class AlternativeQueueServer implements AutoCloseable {

    static final Map<String, String> PATHS = Map.of(
            "commtck.paths.message-queue.send", "/api/v2/q/{name}/send",
            "commtck.paths.message-queue.receive", "/api/v2/q/{name}/leases",
            "commtck.paths.message-queue.ack", "/api/v2/q/{name}/leases/{receipt}",
            "commtck.paths.message-queue.release", "/api/v2/q/{name}/leases/{receipt}/release",
            "commtck.paths.message-queue.dead-letters", "/api/v2/q/{name}/dead");

    private static final Pattern ROUTE = Pattern.compile("/api/v2/q/([^/]+)/(send|leases)(?:/([^/]+))?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final int MAX_BODY = 262_144;

    /** A stored message; {@code receipt} and {@code leasedUntil} belong to its latest delivery. */
    private static final class Message {
        final String id;
        final String body;
        int deliveries;
        String receipt;
        long leasedUntil;

        Message(String id, String body) {
            this.id = id;
            this.body = body;
        }
    }

    private final HttpServer http;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Map<String, List<Message>> queues = new HashMap<>();
    private long sent;

    AlternativeQueueServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::handle);
        http.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Matcher m = ROUTE.matcher(ex.getRequestURI().getPath());
            String method = ex.getRequestMethod();
            if (!m.matches()) {
                answer(ex, 404, "text/plain", "no such resource");
            } else if (!NAME.matcher(m.group(1)).matches()) {
                answer(ex, 400, "text/plain", "bad queue name");
            } else if (m.group(2).equals("send") && m.group(3) == null && method.equals("POST")) {
                send(ex, m.group(1));
            } else if (m.group(2).equals("leases") && m.group(3) == null && method.equals("POST")) {
                receive(ex, m.group(1));
            } else if (m.group(2).equals("leases") && m.group(3) != null && method.equals("DELETE")) {
                ack(ex, m.group(1), m.group(3));
            } else {
                answer(ex, 404, "text/plain", "no such resource");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(HttpExchange ex, String queue) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            answer(ex, 413, "text/plain", "too large");
            return;
        }
        String id;
        lock.lock();
        try {
            id = "msg-" + (++sent);
            queues.computeIfAbsent(queue, q -> new ArrayList<>()).add(new Message(id, new String(body, StandardCharsets.UTF_8)));
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        answer(ex, 201, "application/json; charset=utf-8", "{\"queue\":" + json(queue) + ",\"id\":" + json(id) + "}");
    }

    private void receive(HttpExchange ex, String queue) throws IOException, InterruptedException {
        Map<String, Long> p = parameters(ex.getRequestURI().getRawQuery());
        long max = p.getOrDefault("max", 1L);
        long visibility = p.getOrDefault("visibilityMs", 30_000L);
        long wait = p.getOrDefault("waitMs", 0L);
        if (max < 1 || max > 10 || visibility < 100 || visibility > 43_200_000 || wait < 0 || wait > 20_000) {
            answer(ex, 400, "text/plain", "parameter out of range");
            return;
        }
        long deadline = System.currentTimeMillis() + wait;
        StringBuilder out = new StringBuilder("{\"count\":");
        lock.lock();
        try {
            List<Message> got = new ArrayList<>();
            while (true) {
                long now = System.currentTimeMillis();
                long nextEnd = Long.MAX_VALUE;
                for (Message msg : queues.getOrDefault(queue, List.of())) {
                    if (msg.leasedUntil <= now && got.size() < max) {
                        msg.deliveries++;
                        msg.receipt = UUID.randomUUID().toString();
                        msg.leasedUntil = now + visibility;
                        got.add(msg);
                    } else if (msg.leasedUntil > now) {
                        nextEnd = Math.min(nextEnd, msg.leasedUntil);
                    }
                }
                if (!got.isEmpty() || now >= deadline) {
                    break;
                }
                arrived.await(Math.min(deadline, nextEnd) - now, TimeUnit.MILLISECONDS);
            }
            out.append(got.size()).append(",\"messages\":[");
            for (Message msg : got) {
                out.append(msg == got.get(0) ? "" : ",").append("{\"deliveryCount\":").append(msg.deliveries)
                        .append(",\"receipt\":").append(json(msg.receipt)).append(",\"body\":").append(json(msg.body))
                        .append(",\"id\":").append(json(msg.id)).append('}');
            }
        } finally {
            lock.unlock();
        }
        answer(ex, 200, "application/json; charset=utf-8", out.append("]}").toString());
    }

    private void ack(HttpExchange ex, String queue, String receipt) throws IOException {
        boolean removed;
        lock.lock();
        try {
            long now = System.currentTimeMillis();
            removed = queues.getOrDefault(queue, new ArrayList<>())
                    .removeIf(msg -> receipt.equals(msg.receipt) && msg.leasedUntil > now);
        } finally {
            lock.unlock();
        }
        if (removed) {
            answer(ex, 200, "application/json; charset=utf-8", "{\"acknowledged\":true}");
        } else {
            answer(ex, 410, "text/plain", "this lease is over");
        }
    }

    private static Map<String, Long> parameters(String query) {
        Map<String, Long> p = new HashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                try {
                    p.put(kv[0], kv.length == 2 ? Long.parseLong(kv[1]) : -1L);
                } catch (NumberFormatException e) {
                    p.put(kv[0], -1L); // out of every range: refused
                }
            }
        }
        return p;
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /** A JSON string literal, escaping what RFC 8259 requires. */
    private static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
