package dev.commtck.cli;

import dev.commtck.reference.ReferenceServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code commtck serve}: runs the reference server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs the reference server, which implements every pattern, until interrupted.",
        footerHeading = "%nExample:%n",
        footer = {"  commtck serve --port 2000",
                "  commtck run --target http://127.0.0.1:2000        # in another shell"})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "2000", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the message queues in DIR, where they survive the server being killed (default: in memory).")
    Path dataDir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            spec.commandLine().getErr().println("commtck: ERROR --port must be from 0 to 65535, got " + port);
            return dev.commtck.tck.runner.ExitCodes.NOT_EVALUATED;
        }
        ReferenceServer server = dataDir == null ? ReferenceServer.start(host, port) : ReferenceServer.start(host, port, dataDir);
        System.out.printf("CommTCK reference server listening on http://%s:%d%s (Ctrl-C stops it)%n", host, server.port(),
                dataDir == null ? "" : ", queues in " + dataDir);
        server.serveUntilShutdown();
        return 0;
    }
}
