package dev.commtck.tck.pubsub;

import dev.commtck.tck.support.Endpoint;
import dev.commtck.tck.support.Tolerances;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A relay between one of the kit's connections and the target that can stop passing the target's bytes on: to the
 * server, the client behind it has stopped reading. The relay's own connection to the target takes at most
 * {@link #RECEIVE_BUFFER} bytes into its socket and {@link #CHUNK} into the relay, so the server's buffers fill at
 * once; when the relay opens again, everything held comes through in order, and the end of the server's response (or a
 * broken connection) is passed on as such. Two virtual threads copy the bytes; closing the relay closes its sockets.
 */
final class Valve implements AutoCloseable {

    /** The receive buffer of the relay's connection to the target (the system may double it). */
    static final int RECEIVE_BUFFER = 4096;
    static final int CHUNK = 4096;
    private static final int MAX_TUNNEL_REQUEST = 8192;

    private final InetSocketAddress target;
    private final boolean tunnel;
    private final int connectMs;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition opened = lock.newCondition();
    private boolean paused;
    private boolean closed;

    private Valve(InetSocketAddress target, boolean tunnel, int connectMs) throws IOException {
        this.target = target;
        this.tunnel = tunnel;
        this.connectMs = connectMs;
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("commtck-valve").start(this::relayOne);
    }

    /**
     * A relay to the target. For a plain {@code http://} target the kit's client speaks to the relay as to the server;
     * for {@code https://} the relay is the client's proxy and passes a {@code CONNECT} tunnel, so that TLS runs end to
     * end (see {@link Endpoint#through}).
     */
    static Valve to(Endpoint endpoint, Tolerances tolerances) {
        try {
            return new Valve(new InetSocketAddress(endpoint.host(), endpoint.port()), endpoint.secure(),
                    (int) tolerances.response().toMillis());
        } catch (IOException e) {
            throw new IllegalStateException("the kit could not listen on the loopback interface: " + e, e);
        }
    }

    /** The target as the kit's client reaches it through the relay. */
    Endpoint relaying(Endpoint endpoint) {
        return endpoint.through(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
    }

    /** Stops passing the target's bytes on (at most one more chunk gets through). */
    void pause() {
        set(true);
    }

    /** Passes on what is held, and everything after it. */
    void resume() {
        set(false);
    }

    private void set(boolean pause) {
        lock.lock();
        try {
            paused = pause;
            opened.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Relays the one connection the kit makes, both ways. */
    private void relayOne() {
        try (Socket client = listener.accept(); Socket server = new Socket()) {
            sockets.add(client);
            sockets.add(server);
            server.setReceiveBufferSize(RECEIVE_BUFFER);
            if (tunnel) {
                readTunnelRequest(client.getInputStream());
            }
            server.connect(target, connectMs);
            if (tunnel) {
                client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            Thread up = Thread.ofVirtual().start(() -> copy(client, server, false));
            copy(server, client, true);
            up.join();
        } catch (IOException | InterruptedException e) {
            // the target went away, or the relay was closed: the kit's client sees its connection end
        }
    }

    /** Reads the client's {@code CONNECT} request up to its blank line: it can only be for the target. */
    private static void readTunnelRequest(InputStream in) throws IOException {
        int matched = 0;
        for (int read = 0; matched < 4; read++) {
            int b = in.read();
            if (b < 0 || read > MAX_TUNNEL_REQUEST) {
                throw new IOException("no complete CONNECT request");
            }
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }

    /** Copies until the source ends, then ends the destination's output; {@code gated} bytes wait while paused. */
    private void copy(Socket from, Socket to, boolean gated) {
        byte[] chunk = new byte[CHUNK];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                if (gated && !awaitOpen()) {
                    return;
                }
                out.write(chunk, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            close();
        }
    }

    private boolean awaitOpen() {
        lock.lock();
        try {
            while (paused && !closed) {
                opened.await();
            }
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            opened.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }
}
