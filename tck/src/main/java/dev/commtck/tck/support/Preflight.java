package dev.commtck.tck.support;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Is there an HTTP server at the target at all? One request to the base URL, any status accepted. The runner asks
 * before any suite runs (a problem ends the run with exit 2 and one line, instead of a wall of failed tests), and
 * the extension asks again after a timeout, to tell a hanging endpoint from a dead target.
 */
public final class Preflight {

    private Preflight() {
    }

    /** The problem in one line, or empty when the target answers HTTP. Takes at most about 2 × {@code fast}. */
    public static Optional<String> problemWith(Endpoint endpoint, Tolerances tolerances) {
        Duration bound = tolerances.fast().multipliedBy(2);
        String target = (endpoint.name().isEmpty() ? "target" : endpoint.name()) + " " + endpoint.base();
        try (HttpClient client = endpoint.clientBuilder(bound).build()) {
            HttpRequest probe = endpoint.request(endpoint.withHeaders(Request.get("/"))).timeout(bound)
                    .setHeader("User-Agent", "CommTCK preflight").GET().build();
            // The status line is all it needs: the body is not read (it may never end), closing the stream aborts it.
            client.send(probe, HttpResponse.BodyHandlers.ofInputStream()).body().close();
            return Optional.empty();
        } catch (ConnectException | UnresolvedAddressException e) {
            return Optional.of(target + " is unreachable: " + (unresolved(e)
                    ? "host " + endpoint.host() + " not found" : reason(e, "connection refused")));
        } catch (HttpConnectTimeoutException e) {
            return Optional.of(target + " is unreachable: no TCP connection within " + bound.toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return Optional.of(target + " accepted a connection but sent no HTTP response within " + bound.toMillis() + " ms");
        } catch (SSLException e) {
            return Optional.of(target + ": " + tlsProblem(e, endpoint));
        } catch (IOException e) {
            return Optional.of(target + " does not answer HTTP/1.1: " + reason(e, e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking the " + target);
        }
    }

    /** A failed TLS handshake in words a user acts on: an untrusted certificate, a name it does not cover, or other. */
    static String tlsProblem(SSLException e, Endpoint endpoint) {
        // "(certificate_unknown) PKIX path building failed: sun.security…Exception: unable to find…": the alert's name
        // and the JDK's class names say nothing to a user
        String detail = reason(e, e.getClass().getSimpleName()).replaceFirst("^\\([a-z_]+\\) ", "")
                .replaceAll("[a-z]+(\\.[a-z]+)+\\.[A-Za-z]+Exception: ", "");
        boolean certificate = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            certificate |= t instanceof CertificateException;
        }
        if (certificate && detail.toLowerCase(java.util.Locale.ROOT).contains("name")) {
            return "its TLS certificate does not name " + endpoint.host() + ": " + detail + "; connect by a name the"
                    + " certificate holds, or give --insecure";
        }
        if (certificate || e instanceof SSLHandshakeException && detail.contains("PKIX")) {
            return "its TLS certificate is not trusted: " + detail + "; give --ca-cert FILE with the CA that signed it"
                    + " (PEM), or --insecure";
        }
        return "the TLS handshake failed: " + detail;
    }

    private static boolean unresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable e, String fallback) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return Text.oneLine(t.getMessage(), 200); // it may quote whatever bytes the target sent
            }
        }
        return fallback;
    }
}
