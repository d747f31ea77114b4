package dev.commtck.examples.javalin;

import dev.commtck.examples.common.Contract;
import dev.commtck.examples.common.EventLog;
import dev.commtck.examples.common.Invalid;
import dev.commtck.examples.common.Jobs;
import dev.commtck.examples.common.Outbox;
import dev.commtck.examples.common.PushHub;
import dev.commtck.examples.common.Queues;
import dev.commtck.examples.common.SseEvent;
import dev.commtck.examples.common.Topics;
import dev.commtck.examples.common.Workarounds;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.javalin.json.JavalinJackson;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every pattern's contract on Javalin (Jetty): its routes, {@code ctx.future} for held requests, its SSE client, its
 * WebSocket handler.
 */
public final class JavalinAdapter {

    /** An SSE client's writes block (the Servlet API), so each stream has an outbox of this many events. */
    private static final int BACKLOG = 1024;
    private static final String STREAM = "commtck.stream";
    private final Jobs jobs = new Jobs();
    private final EventLog events = new EventLog();
    private final Topics topics = new Topics();
    private final Queues queues = new Queues();
    private final PushHub hub;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("heartbeats").factory());

    private JavalinAdapter(JavalinJackson json) {
        this.hub = new PushHub(message -> json.toJsonString(message, Map.class));
    }

    public static void main(String[] args) {
        JavalinJackson json = new JavalinJackson();
        JavalinAdapter adapter = new JavalinAdapter(json);
        Javalin.create(config -> {
            config.jsonMapper(json);
            config.jetty.host = "127.0.0.1";
            config.jetty.port = Integer.parseInt(args[0]);
            adapter.routes(config.routes);
            new PushSocket(adapter.hub, json).routes(config.routes);
        }).start();
    }

    private void routes(RoutesConfig routes) {
        routes.exception(Invalid.class, (refused, ctx) -> ctx.status(refused.status()).result(refused.getMessage()));

        routes.get("/hello", ctx -> text(ctx, Contract.WORLD));
        routes.post("/hello", ctx -> text(ctx, Contract.helloAnswer(ctx.body())));
        routes.get("/bitcoin", ctx -> ctx.header("Cache-Control", "no-cache").json(Map.of("coins", Contract.coins())));
        routes.get("/", ctx -> text(ctx, Contract.GREETING));

        routes.post("/jobs", this::submit);
        routes.get("/jobs/{id}", this::await);

        eventStream(routes, "/events", ctx -> events);
        routes.post("/events", ctx -> text(ctx, Long.toString(events.publish(eventText(ctx)))));
        eventStream(routes, "/topics/{topic}/events", this::topic);
        routes.post("/topics/{topic}/messages", ctx -> text(ctx, Long.toString(topic(ctx).publish(eventText(ctx)))));
        routes.post("/push/notifications", ctx -> {
            hub.broadcast(eventText(ctx));
            ctx.status(HttpStatus.ACCEPTED);
        });

        routes.post("/queues/{name}/messages", this::send);
        routes.post("/queues/{name}/receive", this::receive);
        routes.delete("/queues/{name}/receipts/{receipt}", this::acknowledge);
    }

    private void submit(Context ctx) throws Invalid {
        @SuppressWarnings("unchecked")
        Map<String, Object> submission = ctx.bodyValidator(Map.class).get();
        Jobs.Job job = jobs.submit(submission);
        ctx.status(HttpStatus.ACCEPTED).header("Location", ctx.path() + "/" + job.id())
                .header("Retry-After", Long.toString(job.retryAfterSeconds())).header("Cache-Control", "no-store")
                .json(job.representation());
    }

    private void await(Context ctx) throws Invalid {
        Jobs.Job job = jobs.find(ctx.pathParam("id")).orElse(null);
        if (job == null) {
            ctx.status(HttpStatus.NOT_FOUND);
            return;
        }
        var view = jobs.await(job, Jobs.bound(ctx.queryParam("wait")));
        ctx.future(() -> view.thenAccept(representation -> ctx.header("Cache-Control", "no-store").json(representation)));
    }

    /**
     * An event stream on Javalin's SSE client. The stream's log is found in a before-handler, so that a topic with a bad
     * name is refused (400) before the stream's head is sent. Javalin sends that head before it calls the SSE handler,
     * so a subscription made in the handler misses what is published as the head arrives: with the workaround on, the
     * before-handler subscribes too, and the stream's outbox holds the events until the handler hands it the client.
     */
    private void eventStream(RoutesConfig routes, String path, LogOf logOf) {
        routes.before(path, ctx -> {
            if (ctx.method() != HandlerType.GET) {
                return; // the trigger shares the SSE stream's path
            }
            EventLog log = logOf.of(ctx);
            ctx.attribute(STREAM, Workarounds.on() ? new Stream(ctx, log) : log);
        });
        routes.sse(path, client -> {
            Stream stream = client.ctx().attribute(STREAM) instanceof Stream early ? early
                    : new Stream(client.ctx(), client.ctx().attribute(STREAM));
            stream.attach(client);
        });
    }

    /** Where a stream's events come from: the SSE pattern's log, or a topic's. */
    private interface LogOf {
        EventLog of(Context ctx) throws Invalid;
    }

    /** One stream's subscription: an outbox whose writer waits for the stream's client. */
    private final class Stream {
        private final CompletableFuture<SseClient> client = new CompletableFuture<>();
        private final Outbox<SseEvent> outbox = new Outbox<>(BACKLOG, event -> send(client.join(), event),
                () -> client.thenAccept(SseClient::close));
        private final Runnable end;

        Stream(Context ctx, EventLog log) {
            EventLog.Subscriber subscriber = outbox::offer;
            long every = EventLog.heartbeat(ctx.queryParam("heartbeat")).toMillis();
            ScheduledFuture<?> beats = heartbeats.scheduleAtFixedRate(() -> outbox.offer(SseEvent.comment("heartbeat")),
                    every, every, TimeUnit.MILLISECONDS);
            end = () -> {
                log.unsubscribe(subscriber);
                outbox.close();
                beats.cancel(false);
            };
            log.subscribe(ctx.header("Last-Event-ID"), subscriber);
        }

        void attach(SseClient sse) {
            sse.keepAlive();
            sse.onClose(end);
            client.complete(sse);
        }
    }

    private static void send(SseClient client, SseEvent event) {
        if (event.isComment()) {
            client.sendComment(event.comment());
        } else {
            client.sendEvent(event.name() == null ? "message" : event.name(), event.data(), event.id());
        }
    }

    private void send(Context ctx) throws Invalid {
        Queues.MessageQueue queue = queues.queue(ctx.pathParam("name"));
        String id = queue.send(Contract.utf8(ctx.bodyAsBytes(), Queues.MAX_BODY_BYTES));
        ctx.status(HttpStatus.CREATED).json(Map.of("id", id));
    }

    private void receive(Context ctx) throws Invalid {
        Queues.MessageQueue queue = queues.queue(ctx.pathParam("name"));
        var deliveries = queue.receive(Queues.Receive.of(ctx.queryParam("max"), ctx.queryParam("visibilityMs"),
                ctx.queryParam("waitMs")));
        ctx.future(() -> deliveries.thenAccept(messages -> ctx.json(Map.of("messages", messages))));
    }

    private void acknowledge(Context ctx) throws Invalid {
        ctx.status(switch (queues.queue(ctx.pathParam("name")).acknowledge(ctx.pathParam("receipt"))) {
            case DELETED -> HttpStatus.NO_CONTENT;
            case STALE -> HttpStatus.CONFLICT;
            case UNKNOWN -> HttpStatus.NOT_FOUND;
        });
    }

    private EventLog topic(Context ctx) throws Invalid {
        return topics.topic(ctx.pathParam("topic"));
    }

    private static String eventText(Context ctx) throws Invalid {
        return Contract.utf8(ctx.bodyAsBytes(), Contract.MAX_EVENT_BYTES);
    }

    private static void text(Context ctx, String body) {
        ctx.contentType(ContentType.TEXT_PLAIN).result(body);
    }
}
