package dev.commtck.reference.sse;

import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * Server-Sent Events (spec/sse.md): {@code GET /events} opens an unending event stream, {@code POST /events} sends an
 * event with the request body as payload to every open stream and answers its id. One {@link Hub} serves them all;
 * how streams are written is {@link EventStreamRoutes}'s.
 */
public class EventStreamService extends EventStreamRoutes {

    public static final String PATH = "/events";

    private final Hub hub;

    public EventStreamService() {
        this(new EventHub());
    }

    public EventStreamService(Hub hub) {
        super(PATH, PATH);
        this.hub = hub;
    }

    @Override
    protected EventHub.Subscription subscribe(ServerRequest req, Optional<String> lastEventId) {
        return hub.subscribe(lastEventId, client(req));
    }

    @Override
    protected long publish(ServerRequest req, String payload) {
        return hub.publish(payload);
    }
}
