package dev.commtck.mutants;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.reference.State;
import dev.commtck.reference.cluster.Database;
import dev.commtck.reference.http.Routes;
import dev.commtck.reference.push.PushEndpoint;
import dev.commtck.spec.Pattern;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.BiFunction;
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
 * @param nodes       for a fault between the nodes of one service: how many run, and how each keeps its state; empty
 *                    for a mutant that is one server
 */
public record Mutant(String id, String breaks, String description, Function<Optional<Path>, Consumer<Routes>> fault,
                     Supplier<UnaryOperator<PushEndpoint.Builder>> pushFault, Map<String, String> settings, boolean restarts,
                     Optional<Nodes> nodes) {

    public Mutant {
        settings = Map.copyOf(settings);
    }

    /**
     * A service of several nodes, each a reference server in a process's memory of its own, or all on one fresh
     * database, whose state {@code fault} makes from what a node would have (the seam of the cluster mutants).
     *
     * @param count          how many nodes run
     * @param sharedDatabase whether the nodes share a database ({@link State#shared}), or each keeps its state in its
     *                       own memory ({@link State#inMemory})
     * @param fault          the state a node starts with, given the reference's and the database (when shared)
     */
    public record Nodes(int count, boolean sharedDatabase, BiFunction<State, Optional<Database>, State> fault) {
    }

    /** A mutant whose fault is in its HTTP routes. */
    public Mutant(String id, String breaks, String description, Supplier<Consumer<Routes>> fault) {
        this(id, breaks, description, fault, Map.of());
    }

    /** A mutant whose fault is in its HTTP routes, and whose run needs some settings to see it. */
    public Mutant(String id, String breaks, String description, Supplier<Consumer<Routes>> fault,
                  Map<String, String> settings) {
        this(id, breaks, description, dataDir -> fault.get(), UnaryOperator::identity, settings, false, Optional.empty());
    }

    /**
     * A mutant whose fault shows only across a restart (a durability fault): its routes keep the queues in the data
     * directory they are given.
     */
    public static Mutant restarting(String id, String breaks, String description, Function<Path, Consumer<Routes>> fault) {
        return new Mutant(id, breaks, description, dataDir -> fault.apply(dataDir.orElseThrow(() -> new IllegalArgumentException(
                id + " shows its fault across a restart: serve it with a data directory"))), UnaryOperator::identity, Map.of(), true,
                Optional.empty());
    }

    /** A push mutant: the reference server with one part of its push endpoint replaced. */
    public static Mutant push(String id, String breaks, String description, Supplier<UnaryOperator<PushEndpoint.Builder>> fault) {
        return push(id, breaks, description, fault, Map.of());
    }

    /** A push mutant whose run needs some settings to see its fault. */
    public static Mutant push(String id, String breaks, String description, Supplier<UnaryOperator<PushEndpoint.Builder>> fault,
                              Map<String, String> settings) {
        return new Mutant(id, breaks, description, dataDir -> routing -> { }, fault, settings, false, Optional.empty());
    }

    /**
     * A fault between the nodes of one service: {@code count} nodes, on one database or each in its own memory, each
     * starting with the state {@code fault} makes from the reference's.
     */
    public static Mutant cluster(String id, String breaks, String description, int count, boolean sharedDatabase,
                                 BiFunction<State, Optional<Database>, State> fault) {
        return new Mutant(id, breaks, description, dataDir -> routing -> { }, UnaryOperator::identity, Map.of(), false,
                Optional.of(new Nodes(count, sharedDatabase, fault)));
    }

    public Pattern pattern() {
        return Pattern.byRequirementId(breaks).orElseThrow(() -> new IllegalStateException(id + " breaks an unknown requirement"));
    }

    public ReferenceServer start(String host, int port) {
        return start(host, port, Optional.empty());
    }

    /** Starts it, with its queues in {@code dataDir} if it {@link #restarts}. */
    public ReferenceServer start(String host, int port, Optional<Path> dataDir) {
        if (nodes.isPresent()) {
            throw new IllegalStateException(id + " is a fault between nodes: start each of them with startNode");
        }
        return ReferenceServer.start(host, port, fault.apply(dataDir), pushFault.get());
    }

    /**
     * Starts one node of a mutant of several: on {@code db} (which the node closes when it stops) if its nodes share a
     * database, in its own memory otherwise.
     */
    public ReferenceServer startNode(String host, int port, Optional<Database> db) {
        Nodes n = nodes.orElseThrow(() -> new IllegalStateException(id + " is one server, not a node of several"));
        if (n.sharedDatabase() != db.isPresent()) {
            throw new IllegalArgumentException(id + (n.sharedDatabase() ? " runs its nodes on one database: give it one"
                    : " keeps each node's state in its memory: give it no database"));
        }
        State reference = db.map(State::shared).orElseGet(State::inMemory);
        return ReferenceServer.start(host, port, n.fault().apply(reference, db), fault.apply(Optional.empty()),
                pushFault.get());
    }

    @Override
    public String toString() {
        return id;
    }
}
