package dev.commtck.mutants;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.reference.ServerOptions;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one mutant as a process of its own: {@code ID [--host H] [--port P] [--data-dir DIR]}. The kit's build runs the
 * mutants whose fault shows across a restart this way, on a data directory, so that the durability check can kill
 * them and start them again.
 */
public final class MutantServerMain {

    private MutantServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: MutantServerMain ID [--host H] [--port P] [--data-dir DIR]");
        }
        Mutant mutant = Mutants.byId(args[0]).orElseThrow(() -> new IllegalArgumentException("no mutant " + args[0]));
        ServerOptions options = ServerOptions.parse(List.of(Arrays.copyOfRange(args, 1, args.length)));
        ReferenceServer server = mutant.start(options.host(), options.port(), options.dataDir());
        System.out.printf("Mutant %s (breaks %s) listening on http://%s:%d%s%n", mutant.id(), mutant.breaks(), options.host(),
                server.port(), options.describeData());
        server.serveUntilShutdown();
    }
}
