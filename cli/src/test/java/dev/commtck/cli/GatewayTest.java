package dev.commtck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.tck.runner.ExitCodes;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A staging server as users have them: the reference server behind nginx, which terminates TLS with a certificate of
 * a private CA, mounts the service under {@code /api}, and refuses every request (WebSocket handshakes too) without
 * a bearer token. The kit, given {@code --ca-cert} and {@code -H}, passes every pattern over {@code https} and
 * {@code wss}, and the token is nowhere in the report; without the CA it stops at once with one line. nginx comes from
 * Debian's package; the test is skipped where it is missing, unless {@code -Dcommtck.gateway.required=true} (CI).
 */
class GatewayTest {

    private static final File NGINX = new File("/usr/sbin/nginx");
    private static final String TOKEN = "gateway-token-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path dir;
    private static ReferenceServer reference;
    private static Process nginx;
    private static TestCertificates certificates;
    private static String target;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        boolean present = NGINX.canExecute();
        if (Boolean.getBoolean("commtck.gateway.required")) {
            assertTrue(present, "nginx is required (apt-get install nginx)");
        }
        assumeTrue(present, "no nginx here: the kit is not checked through a TLS gateway");
        reference = ReferenceServer.start("127.0.0.1", 0);
        certificates = TestCertificates.in(dir);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path conf = Files.writeString(dir.resolve("nginx.conf"), config(port, reference.port()));
        nginx = new ProcessBuilder(NGINX.getPath(), "-p", dir.toString(), "-c", conf.toString(), "-e", "stderr")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!listening(port)) {
            assertTrue(nginx.isAlive() && System.nanoTime() < deadline, () -> "nginx did not start: " + log());
            nginx.waitFor(20, TimeUnit.MILLISECONDS); // a bounded wait for the port, not a synchronisation
        }
        target = "https://localhost:" + port + "/api";
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void everyPatternPassesOverTlsUnderAPrefixWithAToken() throws IOException {
        Path out = dir.resolve("report");
        Cli cli = Cli.run("run", "--target", target, "--ca-cert", certificates.caCert().toString(),
                "-H", "Authorization: Bearer " + TOKEN, "--out", out.toString());
        assertEquals(ExitCodes.CONFORMING, cli.exit(), cli::toString);
        assertFalse(cli.out().contains("NOT FOUND"), cli::toString);
        String report = ThirdPartyServersTest.allText(out);
        assertFalse(report.contains(TOKEN), "the token appears nowhere under --out");
        assertTrue(report.contains("GET /api/push HTTP/1.1"), "the raw WebSocket handshakes went through the prefix");
        assertTrue(report.contains("the certificates in " + certificates.caCert()), "the report says what was trusted");
    }

    @Test
    void anUntrustedCertificateIsOneLineAndExit2() {
        Cli cli = Cli.run("run", "--target", target, "--patterns", "request-response", "--out", dir.resolve("r").toString());
        assertEquals(ExitCodes.NOT_EVALUATED, cli.exit(), cli::toString);
        assertEquals(1, cli.errLines().size(), cli::toString);
        assertTrue(cli.err().startsWith("commtck: ERROR target " + target + ": its TLS certificate is not trusted: "), cli::toString);
        assertTrue(cli.err().contains("give --ca-cert FILE with the CA that signed it (PEM), or --insecure"), cli::toString);
    }

    @Test
    void insecureSkipsVerificationAndSaysSoLoudly() {
        Cli cli = Cli.run("run", "--target", target, "--insecure", "-H", "Authorization: Bearer " + TOKEN,
                "--patterns", "request-response", "--out", dir.resolve("insecure").toString());
        assertEquals(ExitCodes.CONFORMING, cli.exit(), cli::toString);
        assertTrue(cli.outLines().get(0).contains("WITHOUT verifying its TLS certificate (--insecure)"), cli::toString);
    }

    /** TLS with the private CA's certificate, the service under /api, a bearer token required on every request. */
    private static String config(int port, int upstream) {
        return """
                daemon off;
                user root;
                worker_processes 1;
                pid nginx.pid;
                error_log stderr warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path body; proxy_temp_path proxy; fastcgi_temp_path fastcgi;
                    uwsgi_temp_path uwsgi; scgi_temp_path scgi;
                    map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
                    upstream reference { server 127.0.0.1:%d; keepalive 64; }
                    server {
                        listen 127.0.0.1:%d ssl;
                        ssl_certificate %s;
                        ssl_certificate_key %s;
                        client_max_body_size 2m;
                        location /api/ {
                            if ($http_authorization != "Bearer %s") { return 401; }
                            proxy_pass http://reference/;
                            proxy_redirect / /api/;
                            proxy_http_version 1.1;
                            proxy_set_header Connection $connection_upgrade;
                            proxy_set_header Upgrade $http_upgrade;
                            proxy_buffering off;
                            proxy_request_buffering off;
                            proxy_read_timeout 300s;
                            proxy_send_timeout 300s;
                        }
                        location / { return 404; }
                    }
                }
                """.formatted(upstream, port, certificates.serverCert(), certificates.serverKey(), TOKEN);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String log() {
        try {
            return Files.readString(dir.resolve("nginx.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
