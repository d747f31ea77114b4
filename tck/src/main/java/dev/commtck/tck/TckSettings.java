package dev.commtck.tck;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.Tolerances;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

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
 * </table>
 */
public record TckSettings(URI target, Tolerances tolerances, boolean strict, Function<String, Optional<String>> parameters) {

    public static final String PREFIX = "commtck.";
    public static final String TARGET = PREFIX + "target";
    public static final String STRICT = PREFIX + "strict";
    public static final String PATHS = PREFIX + "paths.";
    public static final String TOLERANCE = PREFIX + "tolerance.";
    public static final String CAPABILITY = PREFIX + "capability.";

    /** Reads the settings through a parameter lookup such as {@code ExtensionContext::getConfigurationParameter}. */
    public static TckSettings from(Function<String, Optional<String>> parameters) {
        String target = parameters.apply(TARGET).map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new IllegalStateException("no target: set the configuration parameter " + TARGET
                        + " (or the system property of that name) to the base URL of the server under test"));
        return new TckSettings(parseTarget(target), Tolerances.from(k -> parameters.apply(TOLERANCE + k)),
                parameters.apply(STRICT).map(Boolean::parseBoolean).orElse(false), parameters);
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
