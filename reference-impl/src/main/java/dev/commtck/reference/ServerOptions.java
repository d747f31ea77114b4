package dev.commtck.reference;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The options of a server run as a process of its own: {@code [--host H] [--port P] [--data-dir DIR]}.
 *
 * @param host    the address to listen on
 * @param port    the port to listen on (0 picks a free one)
 * @param dataDir where the message queues are kept, so that they survive the process being killed; none: in memory
 */
public record ServerOptions(String host, int port, Optional<Path> dataDir) {

    public static ServerOptions parse(List<String> args) {
        String host = "127.0.0.1";
        int port = 2000;
        Path dataDir = null;
        for (int i = 0; i < args.size(); i += 2) {
            if (i + 1 == args.size()) {
                throw new IllegalArgumentException("option " + args.get(i) + " needs a value");
            }
            switch (args.get(i)) {
                case "--host" -> host = args.get(i + 1);
                case "--port" -> port = Integer.parseInt(args.get(i + 1));
                case "--data-dir" -> dataDir = Path.of(args.get(i + 1));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i)
                        + " (known: --host, --port, --data-dir)");
            }
        }
        return new ServerOptions(host, port, Optional.ofNullable(dataDir));
    }

    /** {@code , queues in DIR} when there is a data directory: the end of a "listening on" line. */
    public String describeData() {
        return dataDir.map(d -> ", queues in " + d).orElse("");
    }
}
