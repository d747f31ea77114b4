package dev.commtck.reference;

import java.util.List;

/**
 * Runs the reference server as a process of its own: {@code [--host H] [--port P] [--data-dir DIR | --database URL]
 * [--event-loops N]}.
 * With a data directory its queues survive the process being killed, which is how the kit's restart check is
 * exercised; with a database it is one node of a service whose nodes share it (the cluster checks). {@code commtck
 * serve} is the same for people.
 */
public final class ReferenceServerMain {

    private ReferenceServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServerOptions options = ServerOptions.parse(List.of(args));
        ReferenceServer server = ReferenceServer.start(options);
        System.out.printf("CommTCK reference server listening on http://%s:%d%s%n", options.host(), server.port(),
                options.describeData());
        server.serveUntilShutdown();
    }
}
