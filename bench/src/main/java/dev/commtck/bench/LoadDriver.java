package dev.commtck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java load client ({@code dev.commtck.bench.load.LoadClient}) as a process of its own, driven a command at a time:
 * each command's answer is a JSON line, read within a bound.
 */
final class LoadDriver implements AutoCloseable {

    /** The load client's heap: enough for 10,000 connections' buffers and its measurements. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx1g");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Proc proc;

    private LoadDriver(Proc proc) {
        this.proc = proc;
    }

    /** Starts a load client against 127.0.0.1:{@code port}, or the nodes at the ports after it too. */
    static LoadDriver start(Path root, Path work, List<Integer> ports) {
        String list = String.join(",", ports.stream().map(String::valueOf).toList());
        List<String> cmd = new ArrayList<>();
        cmd.add(Proc.jdkTool("java"));
        cmd.addAll(JVM_OPTIONS);
        cmd.addAll(List.of("-cp", Servers.benchJar(root).toString(), "dev.commtck.bench.load.LoadClient", "--port", list));
        return new LoadDriver(Proc.interactive("load client", cmd, work, work.resolve("load-client-" + ports.get(0) + ".log")));
    }

    /** Sends a command and returns its answer. */
    JsonNode ask(String command, Duration bound) throws IOException, InterruptedException {
        return ask(command, command.split(" ")[0], bound);
    }

    /** Sends a command and returns its first answer, which must be {@code reply}. */
    JsonNode ask(String command, String reply, Duration bound) throws IOException, InterruptedException {
        proc.tell(command);
        return await(reply, bound);
    }

    /** The next answer, which must be {@code reply} (an error answer is thrown). */
    JsonNode await(String reply, Duration bound) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            String line = proc.nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            JsonNode answer;
            try {
                answer = JSON.readTree(line);
            } catch (IOException notJson) {
                System.out.println("  load client: " + line);
                continue;
            }
            String what = answer.path("reply").asText();
            if (what.equals("error")) {
                throw new IllegalStateException("load client: " + answer.path("message").asText());
            }
            if (!what.equals(reply)) {
                throw new IllegalStateException("load client answered " + line + " where " + reply + " was expected");
            }
            return answer;
        }
    }

    /** Asks to hold {@code count} connections of a kind ({@code sse}, {@code longpoll}, {@code ws}); all must be held. */
    void hold(String kind, int count) throws IOException, InterruptedException {
        JsonNode held = ask("hold " + kind + " " + count, Duration.ofMinutes(3));
        if (held.path("held").asInt() != count) {
            throw new IllegalStateException("the load client holds " + held.path("held").asInt() + " " + kind
                    + " connections of " + count + " (" + held.path("failed").asInt() + " failed)");
        }
        System.out.printf("  %d %s connections held (%d ms to open)%n", count, kind, held.path("ms").asLong());
    }

    /** The load client's CPU time so far. */
    long cpuNanos() {
        return proc.cpuNanos();
    }

    @Override
    public void close() {
        try {
            proc.tell("exit");
            proc.await(Duration.ofSeconds(60));
        } catch (IOException | InterruptedException | IllegalStateException e) {
            // stopped below
        } finally {
            proc.close();
        }
    }
}
