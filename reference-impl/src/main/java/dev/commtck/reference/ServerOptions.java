package dev.commtck.reference;

import dev.commtck.reference.cluster.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The options of a server run as a process of its own:
 * {@code [--host H] [--port P] [--data-dir DIR | --database URL] [--event-loops N]}.
 *
 * @param host       the address to listen on
 * @param port       the port to listen on (0 picks a free one)
 * @param dataDir    where the message queues are kept, so that they survive the process being killed; none: in memory
 * @param database   the JDBC URL of the PostgreSQL database whose state this node shares with the others; none: its own
 * @param eventLoops how many threads serve the connections
 */
public record ServerOptions(String host, int port, Optional<Path> dataDir, Optional<String> database, int eventLoops) {

    /** One event loop per core, as nginx runs a worker per core. */
    public static final int DEFAULT_EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

    public ServerOptions {
        if (dataDir.isPresent() && database.isPresent()) {
            throw new IllegalArgumentException("give --data-dir or --database, not both: with a database, the queues are in it");
        }
        if (eventLoops < 1) {
            throw new IllegalArgumentException("--event-loops must be 1 or more, got " + eventLoops);
        }
    }

    public static ServerOptions parse(List<String> args) {
        String host = "127.0.0.1";
        int port = 2000;
        Path dataDir = null;
        String database = null;
        int eventLoops = DEFAULT_EVENT_LOOPS;
        for (int i = 0; i < args.size(); i += 2) {
            if (i + 1 == args.size()) {
                throw new IllegalArgumentException("option " + args.get(i) + " needs a value");
            }
            switch (args.get(i)) {
                case "--host" -> host = args.get(i + 1);
                case "--port" -> port = Integer.parseInt(args.get(i + 1));
                case "--data-dir" -> dataDir = Path.of(args.get(i + 1));
                case "--database" -> database = args.get(i + 1);
                case "--event-loops" -> eventLoops = Integer.parseInt(args.get(i + 1));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i)
                        + " (known: --host, --port, --data-dir, --database, --event-loops)");
            }
        }
        return new ServerOptions(host, port, Optional.ofNullable(dataDir), Optional.ofNullable(database), eventLoops);
    }

    /** Where the state is kept, as these options say. */
    public State state() {
        return database.map(url -> State.shared(Database.open(url))).or(() -> dataDir.map(State::journal))
                .orElseGet(State::inMemory);
    }

    /** {@code , queues in DIR} or {@code , state in DATABASE}: the end of a "listening on" line. */
    public String describeData() {
        return dataDir.map(d -> ", queues in " + d).or(() -> database.map(d -> ", state in " + d)).orElse("");
    }
}
