package dev.commtck.tck.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * How the kit reaches one server: its base URL (a path prefix included), the TLS trust for {@code https}, and the
 * headers every request carries (credentials, API keys). Every client of the kit — the JDK's HTTP and WebSocket
 * clients, the raw connections, the event streams, the pre-flight and the discovery probes — turns a path into a
 * request through this one place, so that none of them can drop the prefix, the trust or a header.
 *
 * <p>Paths are relative to the base: with the base {@code https://host/api}, the path {@code /hello} is requested as
 * {@code /api/hello}.
 */
public final class Endpoint {

    static {
        // A server that answers in HTTP/1.0 (Python's http.server, say) closes the connection after each answer, but the
        // JDK's client pools it all the same; a POST sent on it before the close is seen fails with "header parser
        // received no bytes", and the JDK retries only idempotent requests on a pooled connection that turned out
        // closed. This property (read once, when the client's classes load) lets it retry any method in that case
        // alone: a pooled connection that ends before the first byte of an answer.
        if (System.getProperty("jdk.httpclient.enableAllMethodRetry") == null) {
            System.setProperty("jdk.httpclient.enableAllMethodRetry", "true");
        }
    }

    private final URI base;
    private final TlsTrust tls;
    private final Map<String, String> headers;
    private final Redactor redactor;
    private final InetSocketAddress relay;
    private final String name;

    private Endpoint(URI base, TlsTrust tls, Map<String, String> headers, Redactor redactor, InetSocketAddress relay,
                     String name) {
        this.base = base;
        this.tls = tls;
        this.headers = Map.copyOf(headers);
        this.redactor = redactor;
        this.relay = relay;
        this.name = name;
    }

    /**
     * A server at {@code base} (http or https, without a trailing slash), trusted as {@code tls} says, sent
     * {@code headers} on every request; the values of {@code secretHeaders} (and of the usual credential headers) are
     * kept out of everything the kit records.
     */
    public static Endpoint of(URI base, TlsTrust tls, Map<String, String> headers, List<String> secretHeaders) {
        return new Endpoint(base, tls, new LinkedHashMap<>(headers), Redactor.of(headers, secretHeaders), null, "");
    }

    /** A plain endpoint: the JDK's trust, no extra headers. */
    public static Endpoint of(URI base) {
        return of(base, TlsTrust.system(), Map.of(), List.of());
    }

    /**
     * The same server, its JDK clients reaching it through a relay at {@code relay} that passes bytes on (the
     * slow-subscriber check): a plain request goes to the relay as if it were the server; an {@code https} one asks the
     * relay, as a proxy, for a tunnel ({@code CONNECT}), so that TLS still runs end to end with the server's name.
     * Byte-level connections ({@link #connect}) always go to the server.
     */
    public Endpoint through(InetSocketAddress relay) {
        return new Endpoint(base, tls, headers, redactor, relay, name);
    }

    /**
     * Another node of the same service (a replica behind the same load balancer): reached at {@code base} with this
     * endpoint's trust and headers, and named in everything the kit records ({@code node 2: POST /jobs → 202 …}), so
     * that the evidence of a cluster check says which node each exchange went to.
     */
    public Endpoint node(URI base, String name) {
        return new Endpoint(base, tls, headers, redactor, null, name);
    }

    /** {@code node 2} for a node of a cluster, empty for the target as such. */
    public String name() {
        return name;
    }

    /** {@code node 2: } for a node of a cluster, empty otherwise: what the evidence puts before each exchange. */
    public String evidencePrefix() {
        return name.isEmpty() ? "" : name + ": ";
    }

    /** The base URL as given: {@code https://host:8443/api}. */
    public URI base() {
        return base;
    }

    public boolean secure() {
        return "https".equalsIgnoreCase(base.getScheme());
    }

    public String host() {
        return base.getHost();
    }

    public int port() {
        return base.getPort() >= 0 ? base.getPort() : secure() ? 443 : 80;
    }

    /** {@code https://host:8443}: the scheme and authority of the base. */
    private String origin() {
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    /** The absolute URI of a path relative to the base (a query may follow the path). */
    public URI uri(String path) {
        return URI.create(origin() + requestTarget(path));
    }

    /** The request target of a path relative to the base, as a request line carries it: {@code /api/hello}. */
    public String requestTarget(String path) {
        String prefix = base.getRawPath() == null ? "" : base.getRawPath();
        return prefix + (path.startsWith("/") ? path : "/" + path);
    }

    /** The WebSocket URI of a path: {@code ws://} or {@code wss://}, as the base is {@code http} or {@code https}. */
    public URI webSocketUri(String path) {
        return URI.create((secure() ? "wss" : "ws") + "://" + base.getRawAuthority() + requestTarget(path));
    }

    /** The {@code Host} header: the authority without user information. */
    public String hostHeader() {
        return base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
    }

    /** Headers sent with every request, in the order given. */
    public Map<String, String> headers() {
        return headers;
    }

    public TlsTrust tls() {
        return tls;
    }

    /** Keeps credentials out of what the kit records and writes. */
    public Redactor redactor() {
        return redactor;
    }

    /** Every JDK client of the kit starts here: HTTP/1.1, never following redirects, this endpoint's trust. */
    public HttpClient.Builder clientBuilder(Duration connectTimeout) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .sslContext(tls.context());
        if (relay != null && secure()) {
            b.proxy(ProxySelector.of(relay));
        }
        return b;
    }

    /**
     * The request as it is sent: with this endpoint's headers added, where the request does not set them itself, so
     * that its evidence and its reproduction show everything that went out (secrets masked when recorded).
     */
    public Request withHeaders(Request request) {
        Request out = request;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (request.headers().keySet().stream().noneMatch(h.getKey()::equalsIgnoreCase)) {
                out = out.header(h.getKey(), h.getValue());
            }
        }
        return out;
    }

    /** A JDK request for a request made {@link #withHeaders}: its URI, its headers, the kit's {@code User-Agent}. */
    public HttpRequest.Builder request(Request sent) {
        HttpRequest.Builder b = HttpRequest.newBuilder(relayed(uri(sent.path()))).header("User-Agent", "CommTCK");
        sent.headers().forEach(b::header);
        return b;
    }

    /** The URI a JDK client is given: a plain relay is addressed as the server; a TLS one is a proxy. */
    private URI relayed(URI uri) {
        if (relay == null || secure()) {
            return uri;
        }
        return URI.create("http://" + relay.getHostString() + ":" + relay.getPort() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    /**
     * A connection for byte-level checks: TCP, and over {@code https} TLS as the JDK's clients do it (the server's name
     * in SNI and checked against its certificate, ALPN {@code http/1.1}), the handshake done within {@code timeout}.
     */
    public Socket connect(Duration timeout) throws IOException {
        int ms = (int) Math.max(1, timeout.toMillis());
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host(), port()), ms);
            if (!secure()) {
                return plain;
            }
            SSLSocket s = (SSLSocket) tls.context().getSocketFactory().createSocket(plain, host(), port(), true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm(tls.insecure() ? null : "HTTPS");
            p.setApplicationProtocols(new String[] {"http/1.1"});
            if (!isIpLiteral(host())) {
                p.setServerNames(List.of(new SNIHostName(host())));
            }
            s.setSSLParameters(p);
            s.setSoTimeout(ms);
            s.startHandshake();
            s.setSoTimeout(0);
            return s;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    /** The header a user gave for this name, compared without case. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    @Override
    public String toString() {
        return base + (tls.insecure() ? " (TLS not verified)" : "") + (headers.isEmpty() ? ""
                : " with " + String.join(", ", headers.keySet().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList()));
    }
}
