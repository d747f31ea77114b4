package dev.commtck.cli;

import dev.commtck.mutants.Mutant;
import dev.commtck.reference.cluster.Database;
import dev.commtck.mutants.Mutants;
import dev.commtck.mutants.hostile.HostileServer;
import dev.commtck.tck.runner.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code commtck mutants}: lists the deliberately broken servers, and serves one of them, so that users can watch the
 * kit catch it, or check that their network path (proxy, gateway) keeps a fault visible.
 */
@Command(name = "mutants", mixinStandardHelpOptions = true,
        description = {"Lists the deliberately broken servers the kit must catch, or serves one.", "",
                "Each mutant is the reference server with one fault, which breaks one requirement; a hostile server "
                        + "misbehaves on the wire, and the kit must end in FAIL or ERROR against it, never hang."},
        footerHeading = "%nExamples:%n",
        footer = {"  commtck mutants                                   # list them",
                "  commtck mutants serve rr-pong-newline --port 2001 # then, in another shell:",
                "  commtck run --target http://127.0.0.1:2001 --patterns request-response",
                "                                                    # exit 1: RR-PING-1 FAIL"})
final class MutantsCommand implements Callable<Integer> {

    private static final String HOSTILE = "hostile-";

    @Parameters(index = "0", arity = "0..1", paramLabel = "serve", description = "Serve the mutant ID until interrupted.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The mutant (or hostile server) to serve.")
    String id;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "Port to listen on (default: a free one).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "For mutants whose fault shows across a restart: keep"
            + " the message queues in DIR, where they survive the server being killed.")
    Path dataDir;

    @Option(names = "--database", paramLabel = "URL", description = "For mutants of several nodes that share a database:"
            + " this node's (the same PostgreSQL JDBC URL for each node).")
    String database;

    @Option(names = "--healthy-root", description = "For hostile servers: answer GET / properly, misbehave elsewhere.")
    boolean healthyRoot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (action == null) {
            list(out);
            return 0;
        }
        if (!"serve".equals(action) || id == null) {
            err.println("commtck: ERROR usage: commtck mutants [serve ID [--port N]]");
            return ExitCodes.NOT_EVALUATED;
        }
        Optional<Mutant> mutant = Mutants.byId(id);
        Optional<HostileServer.Kind> hostile = HostileServer.KINDS.stream()
                .filter(k -> id.equals(HOSTILE + k.id())).findFirst();
        AutoCloseable server;
        int bound;
        if (mutant.isPresent() && mutant.get().restarts() && dataDir == null) {
            err.println("commtck: ERROR " + id + " shows its fault across a restart: give it --data-dir DIR");
            return ExitCodes.NOT_EVALUATED;
        }
        Optional<Mutant.Nodes> nodes = mutant.flatMap(Mutant::nodes);
        if (nodes.isPresent() && nodes.get().sharedDatabase() != (database != null)) {
            err.println("commtck: ERROR " + id + (database == null ? " is nodes that share a database: give each node"
                    + " --database URL" : " is nodes that each keep their state: give no --database"));
            return ExitCodes.NOT_EVALUATED;
        }
        if (nodes.isPresent()) {
            var s = mutant.get().startNode(host, port, Optional.ofNullable(database).map(Database::open));
            server = s;
            bound = s.port();
            out.printf("Node of mutant %s (breaks %s: %s) listening on http://%s:%d; serve %d of them, each on its own"
                    + " port, and give the others to the run with --node%n", id, mutant.get().breaks(),
                    mutant.get().description(), host, bound, nodes.get().count());
        } else if (mutant.isPresent()) {
            var s = mutant.get().start(host, port, Optional.ofNullable(dataDir));
            server = s;
            bound = s.port();
            out.printf("Mutant %s (breaks %s: %s) listening on http://%s:%d%n", id, mutant.get().breaks(),
                    mutant.get().description(), host, bound);
        } else if (hostile.isPresent()) {
            var s = HostileServer.start(hostile.get(), healthyRoot, host, port);
            server = s;
            bound = s.port();
            out.printf("Hostile server %s (%s) listening on http://%s:%d%n", id, hostile.get().description(), host, bound);
        } else {
            err.println("commtck: ERROR no mutant '" + id + "'; `commtck mutants` lists them");
            return ExitCodes.NOT_EVALUATED;
        }
        out.printf("Try: %s  (Ctrl-C stops the server)%n", tryCommand(host, bound, mutant));
        if (mutant.isPresent() && mutant.get().restarts()) {
            out.printf("     with -P 'message-queue.restart-command=kill -9 %d && ./commtck mutants serve %s --port %d"
                    + " --data-dir %s > /dev/null 2>&1 &': its fault shows across a restart%n", ProcessHandle.current().pid(),
                    id, bound, dataDir);
        }
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // the process is ending anyway
            }
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /** One line per server, in columns as wide as their longest entry (grep finds a server with its fault). */
    private static void list(PrintWriter out) {
        List<String> hostile = HostileServer.KINDS.stream().map(k -> HOSTILE + k.id()).toList();
        int idWidth = Stream.concat(Mutants.all().stream().map(Mutant::id), hostile.stream())
                .mapToInt(String::length).max().orElse(0);
        int breaksWidth = Mutants.all().stream().mapToInt(m -> m.breaks().length()).max().orElse(0);
        String mutantRow = "%-" + idWidth + "s  %-" + breaksWidth + "s  %s%n";
        out.printf(mutantRow, "MUTANT", "BREAKS", "FAULT");
        for (Mutant m : Mutants.all()) {
            out.printf(mutantRow, m.id(), m.breaks(), m.description());
        }
        String hostileRow = "%-" + idWidth + "s  %s%n";
        out.printf("%n" + hostileRow, "HOSTILE SERVER", "BEHAVIOUR (the kit must end in FAIL or ERROR, never hang)");
        for (int i = 0; i < hostile.size(); i++) {
            out.printf(hostileRow, hostile.get(i), HostileServer.KINDS.get(i).description());
        }
    }

    /** The run that shows the server's fault: its pattern, and the settings a mutant's run needs to see it. */
    static String tryCommand(String host, int port, Optional<Mutant> mutant) {
        StringBuilder sb = new StringBuilder("./commtck run --target http://" + host + ":" + port);
        if (mutant.isPresent()) {
            sb.append(" --patterns ").append(mutant.get().pattern().id());
            for (Map.Entry<String, String> e : new TreeMap<>(mutant.get().settings()).entrySet()) {
                sb.append(" -P ").append(KnownSettings.fileKey(e.getKey())).append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }
}
