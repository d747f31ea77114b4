package dev.commtck.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A process the benchmark starts (a server or a load generator), stopped by its PID when done. */
final class Proc implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    /** The lines the process has written to its standard output, for a process started {@link #interactive}. */
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Proc(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** A tool of the JDK this benchmark runs on ({@code java}, {@code jcmd}): the servers and clients it starts use it too. */
    static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** Starts a process; its output goes to {@code log}, or nowhere when {@code log} is null. */
    static Proc start(String name, List<String> command, Path dir, Path log, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
            pb.environment().putAll(env);
            return new Proc(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    /**
     * Starts a process that is talked to a line at a time: {@link #tell} writes to its standard input, {@link #nextLine}
     * reads its standard output; its standard error goes to {@code log}.
     */
    static Proc interactive(String name, List<String> command, Path dir, Path log) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
            Proc proc = new Proc(name, p, log);
            Thread.ofVirtual().name(name + " output").start(() -> {
                try (BufferedReader out = p.inputReader(StandardCharsets.UTF_8)) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        proc.lines.add(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            return proc;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    /** Writes one line to the standard input of a process started {@link #interactive}. */
    void tell(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The next line of a process started {@link #interactive}, waiting at most {@code bound}. */
    String nextLine(Duration bound) throws InterruptedException {
        String line = lines.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IllegalStateException(name + (process.isAlive() ? " said nothing within " + bound.toSeconds() + " s"
                    : " exited with " + process.exitValue()) + ": " + tail());
        }
        return line;
    }

    /** Waits until something accepts connections on the port, at most {@code bound}. */
    Proc awaitPort(int port, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + tail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // back off before the next attempt
            }
        }
        throw new IllegalStateException(name + " did not listen on " + port + " within " + bound.toSeconds() + " s: " + tail());
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory of the process, in bytes (Linux /proc), 0 if unknown. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** CPU time the process has used so far, in nanoseconds (0 if unknown). */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Waits for the process to end by itself, at most {@code bound}; its exit code. */
    int await(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + bound.toSeconds() + " s");
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    private String tail() {
        if (log == null) {
            return "(output discarded)";
        }
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
