package dev.commtck.reports;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.Tolerances;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * What a report says about the run itself, so that a result can be traced to the kit, the spec and the machine.
 *
 * @param tckVersion  version of CommTCK, with the commit it was built from
 * @param specVersion version of the spec the requirements come from
 * @param target      the server tested
 * @param embedded    whether the target was the reference server started by the runner
 * @param patterns    the patterns whose suites ran
 * @param tolerances  the run's tolerances
 * @param strict      whether SHOULD violations fail the run
 * @param tlsTrust    which TLS certificates the kit trusted ("NONE…" when it verified none)
 * @param headers     the names of the headers the kit added to every request (never their values)
 * @param jdk         the Java runtime
 * @param os          the operating system
 * @param startedAt   when the run started
 */
public record RunContext(String tckVersion, String specVersion, URI target, boolean embedded, List<Pattern> patterns,
                         Tolerances tolerances, boolean strict, String tlsTrust, List<String> headers, String jdk,
                         String os, Instant startedAt) {

    public static RunContext of(URI target, boolean embedded, List<Pattern> patterns, Tolerances tolerances, boolean strict,
                                String tlsTrust, List<String> headers) {
        return new RunContext(kitVersion(), Catalogue.bundled().specVersion(), target, embedded, List.copyOf(patterns),
                tolerances, strict, tlsTrust, List.copyOf(headers),
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Instant.now());
    }

    /** The version of CommTCK this jar belongs to, and its commit: {@code 0.1.0-SNAPSHOT (4cbeac8)}. */
    public static String kitVersion() {
        Properties p = new Properties();
        try (InputStream in = RunContext.class.getResourceAsStream("/commtck/reports/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String commit = p.getProperty("commit", "");
        boolean known = !commit.isEmpty() && !commit.startsWith("${");
        return p.getProperty("version", "unknown") + (known ? " (" + commit
                + ("true".equals(p.getProperty("dirty")) ? ", with uncommitted changes" : "") + ")" : "");
    }

    public String patternIds() {
        return String.join(",", patterns.stream().map(Pattern::id).toList());
    }
}
