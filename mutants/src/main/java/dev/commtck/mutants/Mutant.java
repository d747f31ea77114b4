package dev.commtck.mutants;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.reference.push.PushEndpoint;
import dev.commtck.spec.Pattern;
import io.helidon.webserver.http.HttpRouting;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A reference server with one deliberate fault. The TCK must fail it on the requirement it breaks; the fault is
 * added as routes that take precedence over the reference ones, so everything else still conforms.
 *
 * @param id          stable name, {@code <pattern prefix>-<what is wrong>}
 * @param breaks      the requirement ID the fault violates
 * @param description the fault, in words a user reads in {@code commtck mutants}
 * @param fault       makes the overriding routes (a new instance per server, for faults that keep state), given the
 *                    data directory of a mutant that {@code restarts}
 * @param pushFault   replaces parts of the push endpoint, for faults below HTTP routing (WebSocket frames, handshake,
 *                    delivery); the identity for the other patterns' mutants
 * @param settings    configuration parameters a run against it needs to see the fault, such as a setting that
 *                    enables an opt-in check ({@code commtck.long-polling.max-hold-ms}); usually none
 * @param restarts    whether the fault shows only across a restart: the mutant keeps its queues in a data directory,
 *                    and a run against it needs a {@code message-queue.restart-command} that kills it and starts it
 *                    again on the same data
 */
public record Mutant(String id, String breaks, String description, Function<Optional<Path>, Consumer<HttpRouting.Builder>> fault,
                     Supplier<UnaryOperator<PushEndpoint.Builder>> pushFault, Map<String, String> settings, boolean restarts) {

    public Mutant {
        settings = Map.copyOf(settings);
    }

    /** A mutant whose fault is in its HTTP routes. */
    public Mutant(String id, String breaks, String description, Supplier<Consumer<HttpRouting.Builder>> fault) {
        this(id, breaks, description, fault, Map.of());
    }

    /** A mutant whose fault is in its HTTP routes, and whose run needs some settings to see it. */
    public Mutant(String id, String breaks, String description, Supplier<Consumer<HttpRouting.Builder>> fault,
                  Map<String, String> settings) {
        this(id, breaks, description, dataDir -> fault.get(), UnaryOperator::identity, settings, false);
    }

    /**
     * A mutant whose fault shows only across a restart (a durability fault): its routes keep the queues in the data
     * directory they are given.
     */
    public static Mutant restarting(String id, String breaks, String description, Function<Path, Consumer<HttpRouting.Builder>> fault) {
        return new Mutant(id, breaks, description, dataDir -> fault.apply(dataDir.orElseThrow(() -> new IllegalArgumentException(
                id + " shows its fault across a restart: serve it with a data directory"))), UnaryOperator::identity, Map.of(), true);
    }

    /** A push mutant: the reference server with one part of its push endpoint replaced. */
    public static Mutant push(String id, String breaks, String description, Supplier<UnaryOperator<PushEndpoint.Builder>> fault) {
        return push(id, breaks, description, fault, Map.of());
    }

    /** A push mutant whose run needs some settings to see its fault. */
    public static Mutant push(String id, String breaks, String description, Supplier<UnaryOperator<PushEndpoint.Builder>> fault,
                              Map<String, String> settings) {
        return new Mutant(id, breaks, description, dataDir -> routing -> { }, fault, settings, false);
    }

    public Pattern pattern() {
        return Pattern.byRequirementId(breaks).orElseThrow(() -> new IllegalStateException(id + " breaks an unknown requirement"));
    }

    public ReferenceServer start(String host, int port) {
        return start(host, port, Optional.empty());
    }

    /** Starts it, with its queues in {@code dataDir} if it {@link #restarts}. */
    public ReferenceServer start(String host, int port, Optional<Path> dataDir) {
        return ReferenceServer.start(host, port, fault.apply(dataDir), pushFault.get());
    }

    @Override
    public String toString() {
        return id;
    }
}
