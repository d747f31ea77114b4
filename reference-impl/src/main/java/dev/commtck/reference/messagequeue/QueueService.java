package dev.commtck.reference.messagequeue;

import dev.commtck.reference.http.Handler;
import dev.commtck.reference.http.HttpError;
import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.http.Service;
import dev.commtck.reference.http.Status;
import dev.commtck.reference.messagequeue.QueueStore.Delivery;
import dev.commtck.reference.messagequeue.QueueStore.Settlement;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The message queue (spec/message-queue.md) over HTTP: send, receive (with a lease and an optional wait), ack and
 * release by receipt, and the dead letters. It checks and translates; the queues themselves live in a
 * {@link QueueStore}, which the service closes when the server stops.
 */
public final class QueueService implements Service {

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
    private static final System.Logger LOG = System.getLogger(QueueService.class.getName());

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

    /**
     * On the event loop when the store never waits but for a receive's wait (then a receive that must wait goes on
     * waiting on a thread of its own); on a thread each otherwise (a database's store).
     */
    @Override
    public void routing(Routes routes) {
        UnaryOperator<Handler> dispatch = store.waitsOnlyToReceive() ? Handler::onEventLoop : UnaryOperator.identity();
        routes.post(SEND, dispatch.apply(guarded(this::send)))
                .post(RECEIVE, dispatch.apply(guarded(this::receive)))
                .delete(ACK, dispatch.apply(guarded(this::ack)))
                .post(RELEASE, dispatch.apply(guarded(this::release)))
                .get(DEAD_LETTERS, dispatch.apply(guarded(this::deadLetters)));
    }

    /** Answers what a handler refuses with its status and a one-line reason. */
    private static Handler guarded(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (QueueStore.Full e) {
                text(res, Status.INSUFFICIENT_STORAGE, e.getMessage());
            } catch (QueueStore.Closed e) {
                text(res, Status.SERVICE_UNAVAILABLE, e.getMessage());
            }
        };
    }

    @Override
    public void afterStop() {
        store.close();
    }

    private void send(Request req, Response res) {
        String queue = queue(req);
        byte[] body = req.body();
        if (body.length > rules.maxBodyBytes()) {
            throw new HttpError(Status.PAYLOAD_TOO_LARGE,
                    "a message body is at most " + rules.maxBodyBytes() + " bytes; this one has " + body.length);
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new HttpError(Status.BAD_REQUEST, "a message body is UTF-8 text");
        }
        String id = store.send(queue, body);
        json(res.status(Status.CREATED), "{\"id\":" + Json.string(id) + "}");
    }

    private void receive(Request req, Response res) throws InterruptedException {
        String queue = queue(req);
        int max = (int) parameter(req, "max", rules.defaultMax(), 1, MAX_BATCH);
        long visibility = parameter(req, "visibilityMs", DEFAULT_VISIBILITY_MS, MIN_VISIBILITY_MS, MAX_VISIBILITY_MS);
        long wait = parameter(req, "waitMs", 0, 0, MAX_WAIT_MS);
        Duration lease = Duration.ofMillis(visibility);
        if (wait > 0 && store.waitsOnlyToReceive()) {
            List<Delivery> now = store.receive(queue, max, lease, Duration.ZERO);
            if (now.isEmpty()) { // nothing yet: the wait must not hold up the event loop
                Thread.ofVirtual().start(() -> answerWhenReceived(res,
                        () -> store.receive(queue, max, lease, Duration.ofMillis(wait))));
            } else {
                answerReceive(res, now);
            }
            return;
        }
        answerReceive(res, store.receive(queue, max, lease, Duration.ofMillis(wait)));
    }

    /** Receives on the calling thread, which may wait, then answers. */
    private static void answerWhenReceived(Response res, Callable<List<Delivery>> receive) {
        try {
            answerReceive(res, receive.call());
        } catch (QueueStore.Closed e) {
            text(res, Status.SERVICE_UNAVAILABLE, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "a waiting receive failed", e);
            text(res, Status.INTERNAL_SERVER_ERROR, "the server failed to answer this request");
        }
    }

    private static void answerReceive(Response res, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            res.status(Status.NO_CONTENT).send();
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

    private void ack(Request req, Response res) {
        settled(res, store.ack(queue(req), req.pathParameter("receipt")));
    }

    private void release(Request req, Response res) {
        settled(res, store.release(queue(req), req.pathParameter("receipt")));
    }

    private void deadLetters(Request req, Response res) {
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        for (QueueStore.DeadLetter d : store.deadLetters(queue(req))) {
            sb.append(sb.charAt(sb.length() - 1) == '[' ? "" : ",")
                    .append("{\"id\":").append(Json.string(d.id()))
                    .append(",\"body\":").append(Json.string(new String(d.body(), StandardCharsets.UTF_8)))
                    .append(",\"deliveryCount\":").append(d.deliveryCount()).append('}');
        }
        json(res, sb.append("]}").toString());
    }

    private static void settled(Response res, Settlement settlement) {
        switch (settlement) {
            case DONE -> res.status(Status.NO_CONTENT).send();
            case LEASE_ENDED -> throw new HttpError(Status.CONFLICT,
                    "this receipt's lease has ended: the message may be delivered to another consumer");
            case UNKNOWN -> throw new HttpError(Status.NOT_FOUND, "no message of this queue has this receipt");
        }
    }

    private String queue(Request req) {
        String name = req.pathParameter("name");
        if (!rules.queueName().test(name)) {
            throw new HttpError(Status.BAD_REQUEST,
                    "a queue name is 1 to 80 characters from A-Z, a-z, 0-9, '-' and '_'");
        }
        return name;
    }

    private static long parameter(Request req, String name, long absent, long min, long max) {
        String text = req.query(name).orElse(null);
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
        throw new HttpError(Status.BAD_REQUEST, name + " is a whole number from " + min + " to " + max);
    }

    private static void json(Response res, String body) {
        res.header("Content-Type", JSON).send(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void text(Response res, int status, String reason) {
        res.status(status).header("Content-Type", "text/plain; charset=UTF-8")
                .send(reason.getBytes(StandardCharsets.UTF_8));
    }
}
