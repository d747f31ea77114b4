package dev.commtck.reference.sse;

import dev.commtck.reference.http.Request;
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
        this(hub, PATH);
    }

    /** With its stream and trigger at {@code path} instead of {@value #PATH}. */
    public EventStreamService(Hub hub, String path) {
        super(path, path);
        this.hub = hub;
    }

    @Override
    protected EventHub.Subscription subscribe(Request req, Optional<String> lastEventId) {
        return hub.subscribe(lastEventId, client(req));
    }

    @Override
    protected long publish(Request req, String payload) {
        return hub.publish(payload);
    }
}
