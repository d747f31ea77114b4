package dev.commtck.mutants;

import dev.commtck.reference.http.Handler;
import dev.commtck.reference.http.Request;
import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.http.Service;

/**
 * The routes of reference services as one handler, to which a faulty route hands on the requests its fault does not
 * concern: they are answered as if the faulty route were not there. The faulty route has the path pattern of the
 * reference route it stands in front of, so that the reference finds the path parameters it reads. The services are
 * registered with the server too, which tells them when it stops.
 */
public final class ReferenceRoutes implements Handler {

    private final Routes routes = new Routes();

    public ReferenceRoutes(Service... services) {
        routes.register(services);
    }

    @Override
    public void handle(Request req, Response res) throws Exception {
        routes.match(req.method(), req.path()).handler().handle(req, res);
    }
}
