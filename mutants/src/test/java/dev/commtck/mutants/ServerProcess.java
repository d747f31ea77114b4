package dev.commtck.mutants;

import static org.awaitility.Awaitility.await;

import dev.commtck.reference.ReferenceServerMain;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference server (or a mutant) in a JVM of its own, started by a shell script that writes its process id to a
 * file, so that the restart script can kill exactly it ({@code kill -9}) and start its successor the same way. Closing
 * it kills it the same way.
 */
record ServerProcess(Path dir, int port) implements AutoCloseable {

    /** Starts {@code commtck serve} with {@code options}; {@code dir} holds its scripts and its log. */
    static ServerProcess start(Path dir, String... options) throws IOException, InterruptedException {
        return launch(dir, "", List.of(ReferenceServerMain.class.getName()), options);
    }

    /** Starts the mutant {@code id} with its queues in {@code dir}'s data directory (a mutant that restarts). */
    static ServerProcess startMutant(Path dir, String id) throws IOException, InterruptedException {
        return launch(dir, "", List.of(MutantServerMain.class.getName(), id), "--data-dir", dir.resolve("data").toString());
    }

    /**
     * Starts it as above, with the size of any file it writes limited to {@code bytes} (the shell's {@code ulimit -f}):
     * a write or a mapping beyond it fails as on a full disk.
     */
    static ServerProcess startWithFileSizeLimit(Path dir, long bytes, String... options)
            throws IOException, InterruptedException {
        // POSIX sh counts 512-byte blocks
        return launch(dir, "ulimit -f " + bytes / 512 + "\n", List.of(ReferenceServerMain.class.getName()), options);
    }

    /** Runs {@code main} (a main class and its first arguments) with {@code --port} and {@code options}. */
    private static ServerProcess launch(Path dir, String limits, List<String> main, String... options)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        List<String> args = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path")));
        args.addAll(main);
        args.addAll(List.of("--port", Integer.toString(port)));
        args.addAll(List.of(options));
        Files.write(dir.resolve("server.args"), args.stream().map(a -> "\"" + a + "\"").toList());
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.writeString(dir.resolve("start.sh"), """
                cd "$(dirname "$0")"
                %s"%s" @server.args >> server.log 2>&1 &
                echo $! > server.pid
                """.formatted(limits, java));
        Files.writeString(dir.resolve("restart.sh"), """
                cd "$(dirname "$0")"
                old=$(cat server.pid)
                kill -9 "$old"
                while kill -0 "$old" 2>/dev/null; do sleep 0.05; done
                sh start.sh
                """);
        ServerProcess server = new ServerProcess(dir, port);
        Process starter = new ProcessBuilder("sh", dir.resolve("start.sh").toString()).inheritIO().start();
        starter.waitFor(20, TimeUnit.SECONDS);
        await("the server process to listen on " + port).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(server::accepts);
        return server;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String restartCommand() {
        return "sh " + dir.resolve("restart.sh");
    }

    boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException {
        long pid = Long.parseLong(Files.readString(dir.resolve("server.pid")).strip());
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
        });
    }
}
