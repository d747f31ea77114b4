package dev.commtck.tck.support;

import dev.commtck.tck.TckSettings;
import dev.commtck.tck.support.sse.SseClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The server under test as one test sees it: where it is, where it mounts each resource, the tolerances of the run,
 * and clients that record everything they do in the test's evidence. Injected into test methods; closed after each.
 */
public final class Target implements AutoCloseable {

    private final TckSettings settings;
    private final Evidence evidence;
    private final List<AutoCloseable> open = new ArrayList<>();
    private HttpProbe http;
    private SseClient sse;

    Target(TckSettings settings, Evidence evidence) {
        this.settings = settings;
        this.evidence = evidence;
    }

    public URI uri() {
        return settings.target();
    }

    /** How every client reaches the target: its base, TLS trust and the headers every request carries. */
    public Endpoint endpoint() {
        return settings.endpoint();
    }

    /** Where the target mounts a resource, relative to its base URL (the clients add the base's path prefix). */
    public String path(PathKey key) {
        return settings.path(key.pattern(), key.name(), key.defaultPath());
    }

    public Tolerances tolerances() {
        return settings.tolerances();
    }

    /** Everything the run was configured with: capabilities, pattern settings. */
    public TckSettings settings() {
        return settings;
    }

    public Evidence evidence() {
        return evidence;
    }

    /** The test's HTTP client; one per test, so connections never carry over from another test. */
    public synchronized HttpProbe http() {
        if (http == null) {
            http = new HttpProbe(settings.endpoint(), settings.tolerances(), evidence);
            open.add(http);
        }
        return http;
    }

    /** The test's Server-Sent Events client; its streams are closed, and their transcripts recorded, when the test ends. */
    public synchronized SseClient sse() {
        if (sse == null) {
            sse = new SseClient(settings.endpoint(), settings.tolerances(), evidence);
            open.add(sse);
        }
        return sse;
    }

    /** A new TCP connection for byte-level checks; closed when the test ends. */
    public synchronized RawConnection raw() {
        RawConnection c = RawConnection.open(settings.endpoint(), settings.tolerances(), evidence);
        open.add(c);
        return c;
    }

    /**
     * The service as a cluster: the target (node 1) and each of its other nodes ({@code --node}), each a target of its
     * own whose clients record into this test's evidence under the node's name, and are closed with this one.
     *
     * @throws NotApplicable when the run names no other node: a cluster check needs two nodes at least
     */
    public synchronized List<Target> cluster() {
        if (settings.nodes().isEmpty()) {
            throw new NotApplicable("the target is checked as one node: give the other nodes of the same service with"
                    + " --node URL (nodes = … in a config file) to run the cluster checks");
        }
        List<Target> nodes = new ArrayList<>();
        nodes.add(node(settings.endpoint().node(settings.target(), "node 1")));
        settings.nodes().forEach(n -> nodes.add(node(n)));
        return List.copyOf(nodes);
    }

    private Target node(Endpoint endpoint) {
        Target node = new Target(settings.at(endpoint), evidence);
        open.add(node);
        return node;
    }

    @Override
    public synchronized void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
    }
}
