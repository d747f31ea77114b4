package dev.commtck.reference.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which handler answers which request: routes are tried in the order they were added, the first whose method and path
 * pattern match answers, and a request no route matches goes to the fallback ({@link #any}). A path pattern is a path
 * whose segments may be {@code {name}}, which matches any one non-empty segment. A route added before another takes
 * precedence over it: the seam through which the kit's mutants replace one behaviour of the reference server.
 */
public final class Routes {

    /** Answers what a handler threw, of one type. */
    @FunctionalInterface
    public interface ErrorHandler<T extends Throwable> {
        void handle(Request req, Response res, T error);
    }

    /** A route: which methods, which paths, who answers. */
    record Route(Predicate<String> method, PathPattern path, Handler handler) {
    }

    /** A route that matched a request, with the values of its path's {@code {name}} segments. */
    public record Match(Handler handler, Map<String, String> parameters) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();
    private final Map<Class<? extends Throwable>, ErrorHandler<? extends Throwable>> errors = new LinkedHashMap<>();
    private final Map<String, Upgrade> upgrades = new LinkedHashMap<>();
    private Handler fallback = (req, res) -> res.status(Status.NOT_FOUND).header("Content-Type", "text/plain; charset=UTF-8")
            .send("Not Found");

    public Routes get(String pattern, Handler h) {
        return route("GET"::equals, pattern, h);
    }

    public Routes head(String pattern, Handler h) {
        return route("HEAD"::equals, pattern, h);
    }

    public Routes post(String pattern, Handler h) {
        return route("POST"::equals, pattern, h);
    }

    public Routes put(String pattern, Handler h) {
        return route("PUT"::equals, pattern, h);
    }

    public Routes delete(String pattern, Handler h) {
        return route("DELETE"::equals, pattern, h);
    }

    /** A route for the methods {@code method} accepts. */
    public Routes route(Predicate<String> method, String pattern, Handler h) {
        routes.add(new Route(method, PathPattern.of(pattern), h));
        return this;
    }

    /** Every method but {@code allowed} is answered {@code 405} with {@code Allow} at these paths. */
    public Routes allowOnly(String pattern, String... allowed) {
        Set<String> methods = Set.of(allowed);
        String allow = String.join(", ", allowed);
        return route(m -> !methods.contains(m), pattern,
                (req, res) -> res.status(Status.METHOD_NOT_ALLOWED).header("Allow", allow).send());
    }

    /** Adds each service's routes, in order; each is told when the server stops. */
    public Routes register(Service... s) {
        for (Service service : s) {
            services.add(service);
            service.routing(this);
        }
        return this;
    }

    /** Who answers a request no route matches ({@code 404 Not Found} unless set). */
    public Routes any(Handler h) {
        fallback = h;
        return this;
    }

    /** Who answers when a handler throws {@code type} (an {@link HttpError} is answered with its own status). */
    public <T extends Throwable> Routes error(Class<T> type, ErrorHandler<T> h) {
        errors.put(type, h);
        return this;
    }

    /** Who takes over a connection that asks, at {@code path}, to switch to another protocol. */
    public Routes upgrade(String path, Upgrade u) {
        upgrades.put(path, u);
        return this;
    }

    /** The route that answers {@code method} at {@code path}: the first that matches, else the fallback. */
    public Match match(String method, String path) {
        for (Route r : routes) {
            if (r.method().test(method)) {
                Optional<Map<String, String>> parameters = r.path().match(path);
                if (parameters.isPresent()) {
                    return new Match(r.handler(), parameters.get());
                }
            }
        }
        return new Match(fallback, Map.of());
    }

    /** The upgrade registered for {@code path}, if any. */
    public Optional<Upgrade> upgradeAt(String path) {
        return Optional.ofNullable(upgrades.get(path));
    }

    /** The handler for a throwable, if one was registered for its type or a supertype. */
    @SuppressWarnings("unchecked")
    public Optional<ErrorHandler<Throwable>> errorHandler(Throwable t) {
        for (Map.Entry<Class<? extends Throwable>, ErrorHandler<? extends Throwable>> e : errors.entrySet()) {
            if (e.getKey().isInstance(t)) {
                return Optional.of((ErrorHandler<Throwable>) e.getValue());
            }
        }
        return Optional.empty();
    }

    List<Service> services() {
        return services;
    }
}
