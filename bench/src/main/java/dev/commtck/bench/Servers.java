package dev.commtck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The servers the benchmark compares, each started as its own process on a free port. */
final class Servers {

    static final Duration START_BOUND = Duration.ofSeconds(60);

    private final Path root;
    private final Path work;

    Servers(Path root, Path work) {
        this.root = root;
        this.work = work;
    }

    /** The reference server: {@code java -jar cli/target/commtck.jar serve}, with more {@code serve} options if given. */
    Proc reference(int port, List<String> jvmOptions, String... serveOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Proc.jdkTool("java"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", root.resolve("cli/target/commtck.jar").toString(), "serve", "--port", Integer.toString(port)));
        cmd.addAll(List.of(serveOptions));
        return Proc.start("reference server", cmd, work, work.resolve("reference-" + port + ".log"), Map.of())
                .awaitPort(port, START_BOUND);
    }

    /** A Java load client for the server on {@code port}. */
    LoadDriver loadClient(int port) {
        return loadClient(List.of(port));
    }

    /** A Java load client for the nodes on {@code ports}, the first of which it publishes on. */
    LoadDriver loadClient(List<Integer> ports) {
        return LoadDriver.start(root, work, ports);
    }

    Path work() {
        return work;
    }

    /** The benchmark's own jar: the load client runs from it. */
    static Path benchJar(Path root) {
        return root.resolve("bench/target/commtck-bench.jar");
    }

    /** One of the seed's Node.js demo servers, verbatim, its per-request console.log going nowhere (as measured in the baseline notes). */
    Proc seed(String script, int port) throws IOException, InterruptedException {
        Path seed = root.resolve("mutants/src/test/seed");
        for (String f : List.of("rr-server.js", "sp-server.js", "port-override.js", "package.json")) {
            Files.copy(seed.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (script.equals("sp-server.js") && !Files.isDirectory(work.resolve("node_modules/express"))) {
            int exit = Proc.start("npm install", List.of("npm", "install", "--no-audit", "--no-fund", "--silent"), work,
                    work.resolve("npm.log"), Map.of()).await(Duration.ofMinutes(3));
            if (exit != 0) {
                throw new IllegalStateException("npm install of express failed; see " + work.resolve("npm.log"));
            }
        }
        return Proc.start("seed " + script, List.of("node", "-r", "./port-override.js", script), work, null,
                Map.of("PORT", Integer.toString(port))).awaitPort(port, START_BOUND);
    }

    /** nginx with one worker answering {@code return 200 'world'}: what this machine's HTTP stack can do at best. */
    Proc nginx(int port) throws IOException {
        Path prefix = work.resolve("nginx");
        Files.createDirectories(prefix.resolve("logs"));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                worker_processes 1;
                error_log %s/logs/error.log warn;
                pid %s/nginx.pid;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  client_body_temp_path %s/body;
                  server {
                    listen 127.0.0.1:%d;
                    location / { default_type text/plain; return 200 'world'; }
                  }
                }
                """.formatted(prefix, prefix, prefix, port));
        return Proc.start("nginx", List.of("nginx", "-p", prefix.toString(), "-c", conf.toString()), work,
                prefix.resolve("logs/stdout.log"), Map.of()).awaitPort(port, START_BOUND);
    }
}
