package dev.commtck.cli;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.reference.ServerOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code commtck serve}: runs the reference server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs the reference server, which implements every pattern, until interrupted.",
        footerHeading = "%nExample:%n",
        footer = {"  commtck serve --port 2000",
                "  commtck run --target http://127.0.0.1:2000        # in another shell",
                "  commtck serve --port 2101 --database \\",
                "      jdbc:postgresql://localhost/commtck?user=postgres   # a node",
                "  commtck serve --port 2102 --database \\",
                "      jdbc:postgresql://localhost/commtck?user=postgres   # another",
                "  commtck run --target http://127.0.0.1:2101 --node http://127.0.0.1:2102"})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "2000", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the message queues in DIR, where they survive the server being killed (default: in memory).")
    Path dataDir;

    @Option(names = "--database", paramLabel = "URL",
            description = "Keep all state (jobs, events, topics, queues, push notifications) in the PostgreSQL database at "
                    + "this JDBC URL, which any number of servers share as the nodes of one service.")
    String database;

    @Option(names = "--event-loops", paramLabel = "N",
            description = "Threads that serve the connections (default: one per core); fewer leave cores to a load "
                    + "generator on the same machine.")
    int eventLoops = ServerOptions.DEFAULT_EVENT_LOOPS;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            spec.commandLine().getErr().println("commtck: ERROR --port must be from 0 to 65535, got " + port);
            return dev.commtck.tck.runner.ExitCodes.NOT_EVALUATED;
        }
        ServerOptions options;
        ReferenceServer server;
        try {
            options = new ServerOptions(host, port, Optional.ofNullable(dataDir), Optional.ofNullable(database), eventLoops);
            server = ReferenceServer.start(options);
        } catch (IllegalArgumentException | IllegalStateException e) {
            spec.commandLine().getErr().println("commtck: ERROR " + e.getMessage());
            return dev.commtck.tck.runner.ExitCodes.NOT_EVALUATED;
        }
        System.out.printf("CommTCK reference server listening on http://%s:%d%s (Ctrl-C stops it)%n", host, server.port(),
                options.describeData());
        server.serveUntilShutdown();
        return 0;
    }
}
