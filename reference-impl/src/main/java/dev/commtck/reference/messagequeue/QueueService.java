package dev.commtck.reference.messagequeue;

import dev.commtck.reference.RequestBodies;
import dev.commtck.reference.messagequeue.QueueStore.Delivery;
import dev.commtck.reference.messagequeue.QueueStore.Settlement;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The message queue (spec/message-queue.md) over HTTP: send, receive (with a lease and an optional wait), ack and
 * release by receipt, and the dead letters. It checks and translates; the queues themselves live in a
 * {@link QueueStore}, which the service closes when the server stops.
 */
public final class QueueService implements HttpService {

    public static final String SEND = "/queues/{name}/messages";
    public static final String RECEIVE = "/queues/{name}/receive";
    public static final String ACK = "/queues/{name}/receipts/{receipt}";
    public static final String RELEASE = ACK + "/release";
    public static final String DEAD_LETTERS = "/queues/{name}/dead-letters";

    public static final int MAX_BODY_BYTES = 262_144;
    public static final int MAX_BATCH = 10;
    public static final long MIN_VISIBILITY_MS = 100;
    public static final long MAX_VISIBILITY_MS = 43_200_000;
    public static final long DEFAULT_VISIBILITY_MS = 30_000;
    public static final long MAX_WAIT_MS = 20_000;

    private static final String JSON = "application/json";

    /**
     * What the service accepts before it reaches the store, and how it reads a receive.
     *
     * @param maxBodyBytes longer bodies are answered 413
     * @param queueName    names it accepts; others are answered 400
     * @param defaultMax   the most messages a receive without {@code max} delivers
     */
    public record Rules(int maxBodyBytes, Predicate<String> queueName, int defaultMax) {
        public static final Rules CONTRACT = new Rules(MAX_BODY_BYTES,
                java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,80}").asMatchPredicate(), 1);

        public Rules withMaxBodyBytes(int bytes) {
            return new Rules(bytes, queueName, defaultMax);
        }

        public Rules withQueueName(Predicate<String> names) {
            return new Rules(maxBodyBytes, names, defaultMax);
        }

        public Rules withDefaultMax(int max) {
            return new Rules(maxBodyBytes, queueName, max);
        }
    }

    private final QueueStore store;
    private final Rules rules;

    public QueueService(QueueStore store) {
        this(store, Rules.CONTRACT);
    }

    public QueueService(QueueStore store, Rules rules) {
        this.store = store;
        this.rules = rules;
    }

    @Override
    public void routing(HttpRules routes) {
        routes.post(SEND, guarded(this::send))
                .post(RECEIVE, guarded(this::receive))
                .delete(ACK, guarded(this::ack))
                .post(RELEASE, guarded(this::release))
                .get(DEAD_LETTERS, guarded(this::deadLetters));
    }

    /** Answers what a handler refuses with its status and a one-line reason. */
    private static Handler guarded(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (Refusal r) {
                text(res, r.status, r.getMessage());
            } catch (QueueStore.Full e) {
                text(res, Status.INSUFFICIENT_STORAGE_507, e.getMessage());
            } catch (QueueStore.Closed e) {
                text(res, Status.SERVICE_UNAVAILABLE_503, e.getMessage());
            }
        };
    }

    /** A request the contract says to refuse, with the status to refuse it with. */
    private static final class Refusal extends RuntimeException {
        private final Status status;

        Refusal(Status status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void afterStop() {
        store.close();
    }

    private void send(ServerRequest req, ServerResponse res) {
        String queue = queue(req);
        byte[] body = RequestBodies.read(req);
        if (body.length > rules.maxBodyBytes()) {
            throw new Refusal(Status.REQUEST_ENTITY_TOO_LARGE_413,
                    "a message body is at most " + rules.maxBodyBytes() + " bytes; this one has " + body.length);
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new Refusal(Status.BAD_REQUEST_400, "a message body is UTF-8 text");
        }
        String id = store.send(queue, body);
        json(res.status(Status.CREATED_201), "{\"id\":" + Json.string(id) + "}");
    }

    private void receive(ServerRequest req, ServerResponse res) throws InterruptedException {
        String queue = queue(req);
        int max = (int) parameter(req, "max", rules.defaultMax(), 1, MAX_BATCH);
        long visibility = parameter(req, "visibilityMs", DEFAULT_VISIBILITY_MS, MIN_VISIBILITY_MS, MAX_VISIBILITY_MS);
        long wait = parameter(req, "waitMs", 0, 0, MAX_WAIT_MS);
        List<Delivery> deliveries = store.receive(queue, max, Duration.ofMillis(visibility), Duration.ofMillis(wait));
        if (deliveries.isEmpty()) {
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        for (Delivery d : deliveries) {
            sb.append(sb.charAt(sb.length() - 1) == '[' ? "" : ",")
                    .append("{\"id\":").append(Json.string(d.id()))
                    .append(",\"body\":").append(Json.string(new String(d.body(), StandardCharsets.UTF_8)))
                    .append(",\"receipt\":").append(Json.string(d.receipt()))
                    .append(",\"deliveryCount\":").append(d.deliveryCount()).append('}');
        }
        json(res, sb.append("]}").toString());
    }

    private void ack(ServerRequest req, ServerResponse res) {
        settled(res, store.ack(queue(req), req.path().pathParameters().get("receipt")));
    }

    private void release(ServerRequest req, ServerResponse res) {
        settled(res, store.release(queue(req), req.path().pathParameters().get("receipt")));
    }

    private void deadLetters(ServerRequest req, ServerResponse res) {
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        for (QueueStore.DeadLetter d : store.deadLetters(queue(req))) {
            sb.append(sb.charAt(sb.length() - 1) == '[' ? "" : ",")
                    .append("{\"id\":").append(Json.string(d.id()))
                    .append(",\"body\":").append(Json.string(new String(d.body(), StandardCharsets.UTF_8)))
                    .append(",\"deliveryCount\":").append(d.deliveryCount()).append('}');
        }
        json(res, sb.append("]}").toString());
    }

    private static void settled(ServerResponse res, Settlement settlement) {
        switch (settlement) {
            case DONE -> res.status(Status.NO_CONTENT_204).send();
            case LEASE_ENDED -> throw new Refusal(Status.CONFLICT_409,
                    "this receipt's lease has ended: the message may be delivered to another consumer");
            case UNKNOWN -> throw new Refusal(Status.NOT_FOUND_404, "no message of this queue has this receipt");
        }
    }

    private String queue(ServerRequest req) {
        String name = req.path().pathParameters().get("name");
        if (!rules.queueName().test(name)) {
            throw new Refusal(Status.BAD_REQUEST_400,
                    "a queue name is 1 to 80 characters from A-Z, a-z, 0-9, '-' and '_'");
        }
        return name;
    }

    private static long parameter(ServerRequest req, String name, long absent, long min, long max) {
        String text = req.query().first(name).orElse(null);
        if (text == null) {
            return absent;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Refusal(Status.BAD_REQUEST_400, name + " is a whole number from " + min + " to " + max);
    }

    private static void json(ServerResponse res, String body) {
        res.header(HeaderNames.CONTENT_TYPE, JSON).send(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void text(ServerResponse res, Status status, String reason) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                .send(reason.getBytes(StandardCharsets.UTF_8));
    }
}
