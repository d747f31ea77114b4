package dev.commtck.examples.vertx;

import dev.commtck.examples.common.Contract;
import dev.commtck.examples.common.EventLog;
import dev.commtck.examples.common.Invalid;
import dev.commtck.examples.common.Jobs;
import dev.commtck.examples.common.PushHub;
import dev.commtck.examples.common.Queues;
import dev.commtck.examples.common.Topics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Every pattern's contract on Vert.x: one vertx-web router, event streams written on the response, ServerWebSocket. */
public final class VertxAdapter {

    /** A handler that may refuse its request. */
    private interface Action {
        void handle(RoutingContext ctx) throws Invalid;
    }

    private final Vertx vertx;
    private final Jobs jobs = new Jobs();
    private final EventLog events = new EventLog();
    private final Topics topics = new Topics();
    private final Queues queues = new Queues();
    private final PushHub hub = new PushHub(message -> Json.encode(new JsonObject(message)));

    private VertxAdapter(Vertx vertx) {
        this.vertx = vertx;
    }

    public static void main(String[] args) {
        Vertx vertx = Vertx.vertx();
        Router router = new VertxAdapter(vertx).routes(Router.router(vertx));
        vertx.createHttpServer().requestHandler(router).listen(Integer.parseInt(args[0]), "127.0.0.1")
                .onSuccess(server -> System.out.println("Vert.x adapter listening on 127.0.0.1:" + server.actualPort()))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    vertx.close();
                });
    }

    private Router routes(Router router) {
        router.get("/hello").handler(ctx -> text(ctx, Contract.WORLD));
        post(router, "/hello").handler(ctx -> text(ctx, Contract.helloAnswer(new String(bytes(ctx), StandardCharsets.UTF_8))));
        router.get("/bitcoin").handler(ctx -> ctx.response().putHeader("Cache-Control", "no-cache")
                .putHeader("Content-Type", "application/json").end(new JsonObject().put("coins", Contract.coins()).encode()));
        router.get("/").handler(ctx -> text(ctx, Contract.GREETING));

        post(router, "/jobs").handler(refusing(this::submit));
        router.get("/jobs/:id").handler(refusing(this::await));

        EventStreams streams = new EventStreams(vertx);
        router.get("/events").handler(ctx -> streams.open(ctx, events));
        post(router, "/events").handler(refusing(ctx -> text(ctx, Long.toString(events.publish(eventText(ctx))))));
        router.get("/topics/:topic/events").handler(refusing(ctx -> streams.open(ctx, topics.topic(ctx.pathParam("topic")))));
        post(router, "/topics/:topic/messages").handler(refusing(ctx ->
                text(ctx, Long.toString(topics.topic(ctx.pathParam("topic")).publish(eventText(ctx))))));

        PushSocket push = new PushSocket(vertx, hub);
        router.get("/push").handler(push::upgrade);
        post(router, "/push/notifications").handler(refusing(ctx -> {
            hub.broadcast(eventText(ctx));
            ctx.response().setStatusCode(202).end();
        }));

        post(router, "/queues/:name/messages").handler(refusing(this::send));
        post(router, "/queues/:name/receive").handler(refusing(this::receive));
        router.delete("/queues/:name/receipts/:receipt").handler(refusing(this::acknowledge));
        return router;
    }

    /** A POST route whose body is read whole (and no file uploads, so no upload folder) before its handler runs. */
    private static Route post(Router router, String path) {
        return router.post(path).handler(BodyHandler.create(false));
    }

    private void submit(RoutingContext ctx) throws Invalid {
        JsonObject submission;
        try {
            submission = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException notAnObject) {
            throw new Invalid(400, "the body is a JSON object");
        }
        Jobs.Job job = jobs.submit(submission == null ? Map.of() : submission.getMap());
        ctx.response().setStatusCode(202).putHeader("Location", ctx.request().path() + "/" + job.id())
                .putHeader("Retry-After", Long.toString(job.retryAfterSeconds()))
                .putHeader("Cache-Control", "no-store");
        json(ctx, new JsonObject(job.representation()));
    }

    private void await(RoutingContext ctx) throws Invalid {
        Jobs.Job job = jobs.find(ctx.pathParam("id")).orElse(null);
        if (job == null) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        Future.fromCompletionStage(jobs.await(job, Jobs.bound(ctx.queryParams().get("wait"))), ctx.vertx().getOrCreateContext())
                .onSuccess(view -> {
                    ctx.response().putHeader("Cache-Control", "no-store");
                    json(ctx, new JsonObject(view));
                });
    }

    private void send(RoutingContext ctx) throws Invalid {
        Queues.MessageQueue queue = queues.queue(ctx.pathParam("name"));
        String id = queue.send(Contract.utf8(bytes(ctx), Queues.MAX_BODY_BYTES));
        ctx.response().setStatusCode(201);
        json(ctx, new JsonObject().put("id", id));
    }

    private void receive(RoutingContext ctx) throws Invalid {
        Queues.MessageQueue queue = queues.queue(ctx.pathParam("name"));
        Queues.Receive receive = Queues.Receive.of(ctx.queryParams().get("max"), ctx.queryParams().get("visibilityMs"),
                ctx.queryParams().get("waitMs"));
        Future.fromCompletionStage(queue.receive(receive), ctx.vertx().getOrCreateContext())
                .onSuccess(deliveries -> json(ctx, new JsonObject().put("messages", messages(deliveries))));
    }

    private void acknowledge(RoutingContext ctx) throws Invalid {
        int status = switch (queues.queue(ctx.pathParam("name")).acknowledge(ctx.pathParam("receipt"))) {
            case DELETED -> 204;
            case STALE -> 409;
            case UNKNOWN -> 404;
        };
        ctx.response().setStatusCode(status).end();
    }

    private static JsonArray messages(List<Queues.Delivery> deliveries) {
        JsonArray messages = new JsonArray();
        deliveries.forEach(d -> messages.add(new JsonObject().put("id", d.id()).put("body", d.body())
                .put("receipt", d.receipt()).put("deliveryCount", d.deliveryCount())));
        return messages;
    }

    private static String eventText(RoutingContext ctx) throws Invalid {
        return Contract.utf8(bytes(ctx), Contract.MAX_EVENT_BYTES);
    }

    private static byte[] bytes(RoutingContext ctx) {
        return ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    }

    private static void text(RoutingContext ctx, String body) {
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(body);
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }

    /** Runs the action; a request it refuses is answered with the status the refusal names. */
    private static Handler<RoutingContext> refusing(Action action) {
        return ctx -> {
            try {
                action.handle(ctx);
            } catch (Invalid refused) {
                ctx.response().setStatusCode(refused.status()).putHeader("Content-Type", "text/plain")
                        .end(refused.getMessage());
            }
        };
    }
}
