package dev.commtck.reference;

import dev.commtck.reference.cluster.Database;
import dev.commtck.reference.longpolling.LongPollingService;
import dev.commtck.reference.messagequeue.QueueService;
import dev.commtck.reference.messagequeue.QueueStore;
import dev.commtck.reference.pubsub.TopicService;
import dev.commtck.reference.push.PushEndpoint;
import dev.commtck.reference.requestresponse.HelloService;
import dev.commtck.reference.shortpolling.BitcoinService;
import dev.commtck.reference.sse.EventStreamService;
import dev.commtck.reference.http.HttpServer;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.http.Status;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The reference implementation: one HTTP server ({@link HttpServer}, on Netty's event loops) that implements every
 * pattern of the spec at the seed's default paths. Each pattern is one {@link dev.commtck.reference.http.Service} in
 * its own package (push adds its WebSocket upgrade); anything no pattern claims is answered {@code 404 Not Found}.
 * Where each pattern keeps its state is a {@link State}: this process's memory, a journal for the queues, or a
 * PostgreSQL database that several nodes of one service share.
 */
public final class ReferenceServer implements AutoCloseable {

    /** Request bodies larger than this are refused with 413. */
    public static final long MAX_PAYLOAD_BYTES = 1 << 20;

    private final HttpServer server;
    private final PushEndpoint push;
    private final AutoCloseable closing;

    private ReferenceServer(HttpServer server, PushEndpoint push, AutoCloseable closing) {
        this.server = server;
        this.push = push;
        this.closing = closing;
    }

    /** Starts on {@code host}:{@code port} (port 0 picks a free one), with its queues in memory. */
    public static ReferenceServer start(String host, int port) {
        return start(host, port, routing -> { });
    }

    /** Starts with its queues stored in {@code dataDir}, where they survive the process being killed. */
    public static ReferenceServer start(String host, int port, Path dataDir) {
        return start(host, port, State.journal(dataDir), routing -> { }, UnaryOperator.identity());
    }

    /**
     * Starts a node of a service whose nodes share {@code db}: its jobs, events, topics, queues and push notifications
     * are every node's. The server closes the database when it stops.
     */
    public static ReferenceServer start(String host, int port, Database db) {
        return start(host, port, State.shared(db), routing -> { }, UnaryOperator.identity());
    }

    /**
     * Starts with extra routes registered before the reference ones, so that they take precedence: the seam the
     * kit's mutant servers use to replace one behaviour and keep all the others. Queues are in memory.
     */
    public static ReferenceServer start(String host, int port, Consumer<Routes> overrides) {
        return start(host, port, overrides, UnaryOperator.identity());
    }

    /**
     * Starts with extra routes as above, and with the push endpoint's parts replaced by {@code push}: the seam of
     * the push mutants, whose faults live below HTTP routing (in the WebSocket frames, the handshake, the delivery).
     */
    public static ReferenceServer start(String host, int port, Consumer<Routes> overrides,
                                        UnaryOperator<PushEndpoint.Builder> push) {
        return start(host, port, State.inMemory(), overrides, push);
    }

    /**
     * Starts with its state kept as {@code state} says, extra routes as above and the push endpoint's parts replaced by
     * {@code push}: the seam of the mutants whose fault is in where the state is kept (a node of a cluster that keeps
     * its leases to itself, say).
     */
    public static ReferenceServer start(String host, int port, State state, Consumer<Routes> overrides,
                                        UnaryOperator<PushEndpoint.Builder> push) {
        return start(host, port, state, overrides, push, ServerOptions.DEFAULT_EVENT_LOOPS);
    }

    /** Starts as a process's options say: where, where the state is kept, on how many event loops. */
    public static ReferenceServer start(ServerOptions options) {
        return start(options.host(), options.port(), options.state(), routing -> { }, UnaryOperator.identity(),
                options.eventLoops());
    }

    private static ReferenceServer start(String host, int port, State state, Consumer<Routes> overrides,
                                         UnaryOperator<PushEndpoint.Builder> push, int eventLoops) {
        QueueStore store = state.queues().get();
        PushEndpoint pushEndpoint = push.apply(PushEndpoint.builder().hub(state.push())).build();
        try {
            Routes routes = new Routes();
            overrides.accept(routes);
            routes.register(new HelloService(), new BitcoinService(), new LongPollingService(state.jobs().get()),
                    pushEndpoint.httpService(), new EventStreamService(state.events().get()), new QueueService(store),
                    new TopicService(state.topics().get()));
            routes.upgrade(PushEndpoint.PATH, pushEndpoint.upgrade());
            // a node whose database has gone away answers what needs it as a server that cannot now
            routes.error(Database.Unavailable.class, (req, res, e) -> res.status(Status.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "1").header("Content-Type", "text/plain; charset=UTF-8").send(e.getMessage()));
            HttpServer server = HttpServer.start(host, port, MAX_PAYLOAD_BYTES, eventLoops, routes);
            return new ReferenceServer(server, pushEndpoint, state.closing());
        } catch (RuntimeException e) {
            store.close(); // the server never started, so it will not close the store when it stops
            pushEndpoint.close();
            closeQuietly(state.closing());
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    /** The base URL to point the TCK at. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Serves until the JVM is asked to shut down (Ctrl-C, SIGTERM), then stops the server. */
    public void serveUntilShutdown() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }));
        stopped.await();
    }

    @Override
    public void close() {
        server.close();
        push.close();
        closeQuietly(closing);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.getLogger(ReferenceServer.class.getName()).log(System.Logger.Level.WARNING, "closing: " + e.getMessage());
        }
    }
}
