package dev.commtck.tck;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.Endpoint;
import dev.commtck.tck.support.TlsTrust;
import dev.commtck.tck.support.Tolerances;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;

/**
 * What the suites need to know about a run, read from JUnit configuration parameters (which the runner sets from
 * its flags and config file, and which fall back to JVM system properties in an implementer's own build).
 *
 * <table>
 *   <tr><th>parameter</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code commtck.target}</td><td>base URL of the server under test</td><td>none: required</td></tr>
 *   <tr><td>{@code commtck.paths.<pattern>.<name>}</td><td>where the server mounts a resource</td><td>the seed's path</td></tr>
 *   <tr><td>{@code commtck.tolerance.multiplier}</td><td>scales every tolerance, for slow machines</td><td>1</td></tr>
 *   <tr><td>{@code commtck.tolerance.fast|wake|quiet|response}</td><td>tolerances in milliseconds (see spec/README.md)</td><td>1000, 500, 200, 5000</td></tr>
 *   <tr><td>{@code commtck.strict}</td><td>a SHOULD violation fails the test</td><td>false</td></tr>
 *   <tr><td>{@code commtck.capability.<pattern>.<name>}</td><td>declares an optional (MAY) capability offered or
 *   not; without it a suite detects the capability where it can</td><td>not declared</td></tr>
 *   <tr><td>{@code commtck.headers}</td><td>headers sent with every request, one {@code Name: value} per line;
 *   {@code ${VAR}} in a value is the environment variable VAR</td><td>none</td></tr>
 *   <tr><td>{@code commtck.secret-headers}</td><td>comma-separated names of headers whose values are kept out of
 *   reports, besides Authorization, Cookie and Proxy-Authorization</td><td>none</td></tr>
 *   <tr><td>{@code commtck.tls.ca-cert}</td><td>PEM file of the certificates to trust over https, instead of the
 *   JDK's trust store</td><td>none</td></tr>
 *   <tr><td>{@code commtck.tls.insecure}</td><td>trust any TLS certificate and host name</td><td>false</td></tr>
 *   <tr><td>{@code commtck.nodes}</td><td>comma-separated base URLs of the target's other nodes (replicas of the same
 *   service), reached with the target's TLS trust and headers; with them the cluster checks run</td><td>none</td></tr>
 * </table>
 *
 * @param nodes the target's other nodes, each named in the evidence ({@code node 2}, {@code node 3}…); the target is
 *              node 1
 */
public record TckSettings(Endpoint endpoint, List<Endpoint> nodes, Tolerances tolerances, boolean strict,
                          Function<String, Optional<String>> parameters) {

    public static final String PREFIX = "commtck.";
    public static final String TARGET = PREFIX + "target";
    public static final String STRICT = PREFIX + "strict";
    public static final String PATHS = PREFIX + "paths.";
    public static final String TOLERANCE = PREFIX + "tolerance.";
    public static final String CAPABILITY = PREFIX + "capability.";
    public static final String HEADERS = PREFIX + "headers";
    public static final String SECRET_HEADERS = PREFIX + "secret-headers";
    public static final String CA_CERT = PREFIX + "tls.ca-cert";
    public static final String INSECURE = PREFIX + "tls.insecure";
    public static final String NODES = PREFIX + "nodes";
    /** Headers the kit's clients set themselves: a user's value would be ignored or refused by the JDK client. */
    public static final List<String> RESERVED_HEADERS = List.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding");

    private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** Reads the settings through a parameter lookup such as {@code ExtensionContext::getConfigurationParameter}. */
    public static TckSettings from(Function<String, Optional<String>> parameters) {
        String target = parameters.apply(TARGET).map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new IllegalStateException("no target: set the configuration parameter " + TARGET
                        + " (or the system property of that name) to the base URL of the server under test"));
        Endpoint endpoint = endpoint(parseTarget(target), parameters, System::getenv);
        return new TckSettings(endpoint, nodes(endpoint, parameters), Tolerances.from(k -> parameters.apply(TOLERANCE + k)),
                parameters.apply(STRICT).map(Boolean::parseBoolean).orElse(false), parameters);
    }

    public TckSettings {
        nodes = List.copyOf(nodes);
    }

    /**
     * The other nodes of {@code target} that {@value #NODES} names: each a base URL as {@link #parseTarget} takes it,
     * none the target itself or given twice, reached with the target's trust and headers.
     */
    public static List<Endpoint> nodes(Endpoint target, Function<String, Optional<String>> parameters) {
        List<URI> seen = new java.util.ArrayList<>(List.of(target.base()));
        List<Endpoint> out = new java.util.ArrayList<>();
        for (String text : parameters.apply(NODES).orElse("").split(",")) {
            if (text.isBlank()) {
                continue;
            }
            URI node;
            try {
                node = parseTarget(text.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node: " + e.getMessage());
            }
            if (seen.contains(node)) {
                throw new IllegalArgumentException("node " + node + " is given twice (or is the target itself): each node"
                        + " is another base URL of the same service");
            }
            seen.add(node);
            out.add(target.node(node, "node " + seen.size()));
        }
        return List.copyOf(out);
    }

    /** The same run seen from one node of the cluster: its endpoint instead of the target's, and no other nodes. */
    public TckSettings at(Endpoint node) {
        return new TckSettings(node, List.of(), tolerances, strict, parameters);
    }

    /** The base URI of the server under test. */
    public URI target() {
        return endpoint.base();
    }

    /**
     * How to reach a target with these parameters: its TLS trust ({@value #CA_CERT}, {@value #INSECURE}) and the headers
     * of {@value #HEADERS}, whose {@code ${VAR}} are read from {@code environment}. A setting that cannot be used is an
     * {@link IllegalArgumentException} with a one-line message.
     */
    public static Endpoint endpoint(URI target, Function<String, Optional<String>> parameters,
                                    UnaryOperator<String> environment) {
        boolean insecure = parameters.apply(INSECURE).map(String::strip).map(Boolean::parseBoolean).orElse(false);
        Optional<String> ca = parameters.apply(CA_CERT).map(String::strip).filter(s -> !s.isEmpty());
        if (insecure && ca.isPresent()) {
            throw new IllegalArgumentException("give either a CA certificate (tls.ca-cert) or tls.insecure, not both");
        }
        TlsTrust tls = insecure ? TlsTrust.unverified() : ca.map(f -> TlsTrust.caCertificates(Path.of(f))).orElse(TlsTrust.system());
        Map<String, String> headers = headers(parameters.apply(HEADERS).orElse(""), environment);
        List<String> secret = Arrays.stream(parameters.apply(SECRET_HEADERS).orElse("").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return Endpoint.of(target, tls, headers, secret);
    }

    /** {@code Name: value} lines, each value with its {@code ${VAR}} replaced from the environment. */
    static Map<String, String> headers(String lines, UnaryOperator<String> environment) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).strip();
            checkHeaderName(name, line);
            out.put(name, expand(name, line.substring(colon + 1).strip(), environment));
        }
        return out;
    }

    /** A header name a user may set: an HTTP token that the kit's clients do not set themselves. */
    public static void checkHeaderName(String name, String line) {
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("header '" + line.strip() + "' is not of the form 'Name: value'");
        }
        if (RESERVED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("header '" + name + "' cannot be set: the kit sets it itself");
        }
    }

    private static String expand(String header, String value, UnaryOperator<String> environment) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = environment.apply(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("header '" + header + "' uses ${" + m.group(1)
                        + "}, which is not set in the environment");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        return m.appendTail(sb).toString();
    }

    /** A base URL the kit can test: absolute http(s), with a host. A trailing slash is dropped. */
    public static URI parseTarget(String text) {
        URI uri;
        try {
            uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("target '" + text + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("target '" + text + "' is not an http:// or https:// URL with a host");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("the target URL has credentials in it (user:password@); give them as a"
                    + " header instead (-H 'Authorization: …'), which the kit keeps out of its reports");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("target '" + text + "' has a query or fragment; give the base URL only");
        }
        return uri;
    }

    /**
     * Whether the user declared an optional capability of a pattern ({@code commtck.capability.<pattern>.<name>}):
     * empty when undeclared, so that a suite can fall back to detecting it.
     */
    public Optional<Boolean> capability(Pattern pattern, String name) {
        return parameters.apply(CAPABILITY + pattern.id() + "." + name).map(String::strip).map(Boolean::parseBoolean);
    }

    /** Any other setting of a pattern ({@code commtck.<pattern>.<name>}), as its spec document defines it. */
    public Optional<String> setting(Pattern pattern, String name) {
        return parameters.apply(PREFIX + pattern.id() + "." + name).map(String::strip);
    }

    /** Where the target mounts a resource: the configured path, or the seed's default. */
    public String path(Pattern pattern, String name, String defaultPath) {
        String p = parameters.apply(PATHS + pattern.id() + "." + name).map(String::strip).orElse(defaultPath);
        return p.startsWith("/") ? p : "/" + p;
    }
}
