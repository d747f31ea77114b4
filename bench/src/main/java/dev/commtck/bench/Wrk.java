package dev.commtck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain-HTTP load from wrk (Debian's package), one thread so that the server under test gets the other core. */
final class Wrk {

    /**
     * One measurement.
     *
     * @param requestsPerSecond throughput
     * @param p50Ms             median latency
     * @param p99Ms             99th percentile latency
     * @param errors            socket errors and non-2xx/3xx responses
     */
    record Result(double requestsPerSecond, double p50Ms, double p99Ms, long errors) {
    }

    /** A request shape: a GET, or a POST with a text body (given to wrk as a Lua script). */
    record Workload(String name, String path, String postBody) {
        static Workload get(String name, String path) {
            return new Workload(name, path, null);
        }

        static Workload post(String name, String path, String body) {
            return new Workload(name, path, body);
        }
    }

    static final int CONNECTIONS = 64;

    private final Path work;

    Wrk(Path work) {
        this.work = work;
    }

    Result run(Workload w, int port, Duration duration) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t1", "-c" + CONNECTIONS, "-d" + duration.toSeconds() + "s", "--latency"));
        if (w.postBody() != null) {
            Path lua = work.resolve("post-" + w.name().replaceAll("\\W", "_") + ".lua");
            Files.writeString(lua, "wrk.method = \"POST\"\nwrk.body = \"" + w.postBody() + "\"\n"
                    + "wrk.headers[\"Content-Type\"] = \"text/plain\"\n");
            cmd.addAll(List.of("-s", lua.toString()));
        }
        cmd.add("http://127.0.0.1:" + port + w.path());
        Path log = work.resolve("wrk.log");
        Proc wrk = Proc.start("wrk", cmd, work, log, Map.of());
        int exit = wrk.await(duration.plusSeconds(30));
        String out = wrk.output();
        if (exit != 0) {
            throw new IllegalStateException("wrk failed (" + exit + "): " + out);
        }
        return parse(out);
    }

    static Result parse(String out) {
        return new Result(number(out, "Requests/sec:\\s+([\\d.]+)"), latency(out, "50%"), latency(out, "99%"),
                (long) (sum(out, "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                        + number(out, "Non-2xx or 3xx responses: (\\d+)")));
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static double sum(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        double total = 0;
        if (m.find()) {
            for (int i = 1; i <= m.groupCount(); i++) {
                total += Double.parseDouble(m.group(i));
            }
        }
        return total;
    }

    /** A latency-distribution line ({@code 99%  7.75ms}) in milliseconds. */
    private static double latency(String out, String percentile) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([\\d.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            return 0;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }
}
