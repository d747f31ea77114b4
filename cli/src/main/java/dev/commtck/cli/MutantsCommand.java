package dev.commtck.cli;

import dev.commtck.mutants.Mutant;
import dev.commtck.mutants.Mutants;
import dev.commtck.mutants.hostile.HostileServer;
import dev.commtck.tck.runner.ExitCodes;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code commtck mutants}: lists the deliberately broken servers, and serves one of them, so that users can watch the
 * kit catch it, or check that their network path (proxy, gateway) keeps a fault visible.
 */
@Command(name = "mutants", mixinStandardHelpOptions = true,
        description = {"Lists the deliberately broken servers the kit must catch, or serves one:",
                "  commtck mutants                      list them",
                "  commtck mutants serve rr-pong-newline --port 2001",
                "  commtck run --target http://127.0.0.1:2001 --patterns request-response   (exit 1, RR-PING-1 FAIL)"})
final class MutantsCommand implements Callable<Integer> {

    private static final String HOSTILE = "hostile-";

    @Parameters(index = "0", arity = "0..1", paramLabel = "serve", description = "serve: run the mutant ID until interrupted")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The mutant to serve.")
    String id;

    @Option(names = "--port", defaultValue = "0", description = "Port to listen on (default: a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "For mutants whose fault shows across a restart: keep"
            + " the message queues in DIR, where they survive the server being killed.")
    Path dataDir;

    @Option(names = "--healthy-root", description = "For hostile servers: answer GET / properly, misbehave elsewhere.")
    boolean healthyRoot;

    @Override
    public Integer call() throws Exception {
        if (action == null) {
            list();
            return 0;
        }
        if (!"serve".equals(action) || id == null) {
            System.err.println("commtck: ERROR usage: commtck mutants [serve ID [--port N]]");
            return ExitCodes.NOT_EVALUATED;
        }
        Optional<Mutant> mutant = Mutants.byId(id);
        Optional<HostileServer.Kind> hostile = HostileServer.KINDS.stream()
                .filter(k -> id.equals(HOSTILE + k.id())).findFirst();
        AutoCloseable server;
        int bound;
        if (mutant.isPresent() && mutant.get().restarts() && dataDir == null) {
            System.err.println("commtck: ERROR " + id + " shows its fault across a restart: give it --data-dir DIR");
            return ExitCodes.NOT_EVALUATED;
        }
        if (mutant.isPresent()) {
            var s = mutant.get().start(host, port, Optional.ofNullable(dataDir));
            server = s;
            bound = s.port();
            System.out.printf("Mutant %s (breaks %s: %s) listening on http://%s:%d%n", id, mutant.get().breaks(),
                    mutant.get().description(), host, bound);
        } else if (hostile.isPresent()) {
            var s = HostileServer.start(hostile.get(), healthyRoot, host, port);
            server = s;
            bound = s.port();
            System.out.printf("Hostile server %s (%s) listening on http://%s:%d%n", id, hostile.get().description(), host, bound);
        } else {
            System.err.println("commtck: ERROR no mutant '" + id + "'; `commtck mutants` lists them");
            return ExitCodes.NOT_EVALUATED;
        }
        System.out.printf("Try: %s  (Ctrl-C stops the server)%n", tryCommand(host, bound, mutant));
        if (mutant.isPresent() && mutant.get().restarts()) {
            System.out.printf("     with -P 'message-queue.restart-command=kill -9 %d && ./commtck mutants serve %s --port %d"
                    + " --data-dir %s > /dev/null 2>&1 &': its fault shows across a restart%n", ProcessHandle.current().pid(),
                    id, bound, dataDir);
        }
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

    private static void list() {
        System.out.printf("%-28s %-16s %s%n", "MUTANT", "BREAKS", "FAULT");
        for (Mutant m : Mutants.all()) {
            System.out.printf("%-28s %-16s %s%n", m.id(), m.breaks(), m.description());
        }
        System.out.printf("%n%-28s %s%n", "HOSTILE SERVER", "BEHAVIOUR (the kit must end in FAIL or ERROR, never hang)");
        for (HostileServer.Kind k : HostileServer.KINDS) {
            System.out.printf("%-28s %s%n", HOSTILE + k.id(), k.description());
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
