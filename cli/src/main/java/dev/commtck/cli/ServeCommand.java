package dev.commtck.cli;

import dev.commtck.reference.ReferenceServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code commtck serve}: runs the reference server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Runs the reference server, which implements every pattern.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "2000", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        ReferenceServer server = ReferenceServer.start(host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.printf("CommTCK reference server listening on http://%s:%d (Ctrl-C stops it)%n", host, server.port());
        stopped.await();
        return 0;
    }
}
