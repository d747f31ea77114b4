package dev.commtck.reference;

import java.nio.file.Path;

/**
 * Runs the reference server as a process of its own: {@code [--host H] [--port P] [--data-dir DIR]}. With a data
 * directory its queues survive the process being killed, which is how the kit's restart check is exercised;
 * {@code commtck serve} is the same for people.
 */
public final class ReferenceServerMain {

    private ReferenceServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String host = "127.0.0.1";
        int port = 2000;
        Path dataDir = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--host" -> host = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--data-dir" -> dataDir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --host, --port, --data-dir)");
            }
        }
        ReferenceServer server = dataDir == null ? ReferenceServer.start(host, port)
                : ReferenceServer.start(host, port, dataDir);
        System.out.printf("CommTCK reference server listening on http://%s:%d%s%n", host, server.port(),
                dataDir == null ? "" : ", queues in " + dataDir);
        server.serveUntilShutdown();
    }
}
