package dev.commtck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Not the reference server: a baseline for the long-polling wake-ups. The long-polling contract's two requests, as the
 * load client uses them — {@code POST /jobs} ({@code {"input":…,"durationMs":…}}) answered 202 with the job's
 * {@code Location}, and {@code GET /jobs/{id}?wait=N} answered when the job ends or N seconds pass — on Netty's event
 * loop ({@link EventLoopServer}): a wait is an object in its job's list and a timer task, not a parked thread, and a
 * job's end writes every answer from the loop. It shows, measured in the same run, what the stack docs/performance.md proposes
 * does with the same waits; it checks nothing and keeps every job. Run as a process of its own:
 * {@code java -cp commtck-bench.jar dev.commtck.bench.NettyJobs PORT}.
 */
public final class NettyJobs extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/jobs";
    /** How long the reference server keeps an ended job, which its answers count down. */
    private static final long RETENTION_MS = 300_000;

    /** A job and the waits parked on it; only the event loop's thread touches them. */
    private static final class Job {
        final String id;
        final String result;
        final List<Wait> waits = new ArrayList<>();
        boolean ended;
        long endNanos;

        Job(String id, String result) {
            this.id = id;
            this.result = result;
        }

        byte[] json() {
            ObjectNode n = JSON.createObjectNode().put("id", id).put("state", ended ? "done" : "pending");
            if (ended) {
                n.put("result", result)
                        .put("expiresInMs", RETENTION_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - endNanos));
            }
            return n.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A wait parked on a job: its connection, and the timer task that answers it pending when its bound passes. */
    private static final class Wait {
        final ChannelHandlerContext ctx;
        Future<?> bound;

        Wait(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }
    }

    private static final Map<String, Job> JOBS = new HashMap<>();
    private static long lastId;

    public static void main(String[] args) throws InterruptedException {
        EventLoopServer.serve(Integer.parseInt(args[0]), NettyJobs::new);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws IOException {
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        if (req.method().equals(HttpMethod.POST) && uri.path().equals(PATH)) {
            submit(ctx, req);
        } else if (req.method().equals(HttpMethod.GET) && uri.path().startsWith(PATH + "/")) {
            Job job = JOBS.get(uri.path().substring(PATH.length() + 1));
            List<String> wait = uri.parameters().getOrDefault("wait", List.of("0"));
            await(ctx, job, Long.parseLong(wait.getFirst()));
        } else {
            notFound(ctx);
        }
    }

    private static void submit(ChannelHandlerContext ctx, FullHttpRequest req) throws IOException {
        JsonNode body = JSON.readTree((InputStream) new ByteBufInputStream(req.content()));
        long durationMs = body.path("durationMs").asLong();
        Job job = new Job(Long.toString(++lastId), body.path("input").asText().strip().equals("ping") ? "pong" : "");
        JOBS.put(job.id, job);
        ctx.executor().schedule(() -> end(job), durationMs, TimeUnit.MILLISECONDS);
        FullHttpResponse res = answer(HttpResponseStatus.ACCEPTED, job);
        res.headers().set(HttpHeaderNames.LOCATION, PATH + "/" + job.id)
                .set(HttpHeaderNames.RETRY_AFTER, (durationMs + 999) / 1000);
        ctx.writeAndFlush(res);
    }

    private static void await(ChannelHandlerContext ctx, Job job, long waitSeconds) {
        if (job == null) {
            notFound(ctx);
        } else if (job.ended || waitSeconds <= 0) {
            ctx.writeAndFlush(answer(HttpResponseStatus.OK, job));
        } else {
            Wait wait = new Wait(ctx);
            wait.bound = ctx.executor().schedule(() -> {
                job.waits.remove(wait);
                ctx.writeAndFlush(answer(HttpResponseStatus.OK, job));
            }, waitSeconds, TimeUnit.SECONDS);
            job.waits.add(wait);
        }
    }

    private static void end(Job job) {
        job.endNanos = System.nanoTime();
        job.ended = true;
        for (Wait w : job.waits) {
            w.bound.cancel(false);
            w.ctx.writeAndFlush(answer(HttpResponseStatus.OK, job));
        }
        job.waits.clear();
    }

    private static void notFound(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(EventLoopServer.response(HttpResponseStatus.NOT_FOUND, "text/plain", new byte[0]));
    }

    private static FullHttpResponse answer(HttpResponseStatus status, Job job) {
        FullHttpResponse res = EventLoopServer.response(status, "application/json", job.json());
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return res;
    }
}
