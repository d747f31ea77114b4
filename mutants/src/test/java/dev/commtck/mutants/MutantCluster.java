package dev.commtck.mutants;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.reference.cluster.Database;
import dev.commtck.tck.TckSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The nodes of a cluster mutant, in this process: each a reference server with its own state (its own connections and
 * notifications, when they share a database made for them), as separate as processes would be. Closing it stops the
 * nodes and drops their database.
 */
final class MutantCluster implements AutoCloseable {

    private final List<ReferenceServer> nodes = new ArrayList<>();
    private final Optional<String> database;

    private MutantCluster(Optional<String> database) {
        this.database = database;
    }

    static MutantCluster start(Mutant mutant) throws Exception {
        Mutant.Nodes n = mutant.nodes().orElseThrow();
        if (n.sharedDatabase()) {
            PostgresDatabases.assumeReachable();
        }
        MutantCluster cluster = new MutantCluster(n.sharedDatabase() ? Optional.of(PostgresDatabases.fresh()) : Optional.empty());
        try {
            for (int i = 0; i < n.count(); i++) {
                cluster.nodes.add(mutant.startNode("127.0.0.1", 0, cluster.database.map(Database::open)));
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Node 1, the target. */
    URI target() {
        return nodes.get(0).uri();
    }

    /** The run's settings with the other nodes given: {@code commtck.nodes}. */
    Map<String, String> withNodes(Map<String, String> settings) {
        Map<String, String> out = new java.util.HashMap<>(settings);
        out.put(TckSettings.NODES, nodes.stream().skip(1).map(s -> s.uri().toString()).collect(Collectors.joining(",")));
        return out;
    }

    @Override
    public void close() throws Exception {
        nodes.forEach(ReferenceServer::close);
        if (database.isPresent()) {
            PostgresDatabases.drop(database.get());
        }
    }
}
