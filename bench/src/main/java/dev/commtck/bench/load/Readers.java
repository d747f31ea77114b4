package dev.commtck.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reads many connections from one platform thread with a selector: what the load client does with the connections on
 * which it only listens (event streams, parked waits), so that reading one delivery costs a system call, not the
 * wake-up of a thread per connection. The load generator shares the machine's cores with the server it measures: what
 * it spends per delivery is taken from the server.
 */
final class Readers {

    /** What is read from one connection, handed over as it arrives. */
    interface Sink {
        /** Bytes read at {@code nanoTime}, between the buffer's position and limit. */
        void read(ByteBuffer bytes, long nanoTime) throws IOException;

        /** The connection has ended (the peer closed it, or reading failed): nothing more will be handed over. */
        void ended();
    }

    private record Added(SocketChannel channel, Sink sink) {
    }

    private static final Readers SHARED = new Readers();

    private final Selector selector;
    private final Queue<Added> added = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

    private Readers() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("load-client-readers").start(this::loop);
    }

    /**
     * Reads {@code channel} from now on, handing what arrives to {@code sink}; the channel becomes non-blocking. Closing
     * the channel ends it (the sink is told).
     */
    static void read(SocketChannel channel, Sink sink) throws IOException {
        channel.configureBlocking(false);
        SHARED.added.add(new Added(channel, sink));
        SHARED.selector.wakeup();
    }

    /**
     * Closes a channel handed to {@link #read}. A channel registered with a selector is only closed (its FIN sent) when
     * the selector next selects; this one may sit in {@code select} until the next byte arrives, so it is woken: else
     * some of the connections a measurement closes would end inside a later measurement's window.
     */
    static void close(SocketChannel channel) throws IOException {
        channel.close();
        SHARED.selector.wakeup();
    }

    private void loop() {
        while (true) {
            try {
                for (Added a = added.poll(); a != null; a = added.poll()) {
                    register(a);
                }
                selector.select(this::readable);
                selector.selectedKeys().clear();
            } catch (IOException e) {
                throw new UncheckedIOException("the load client's selector failed", e);
            }
        }
    }

    private void register(Added a) {
        try {
            a.channel.register(selector, SelectionKey.OP_READ, a.sink);
        } catch (IOException | RuntimeException e) { // closed before it was registered
            a.sink.ended();
        }
    }

    private void readable(SelectionKey key) {
        Sink sink = (Sink) key.attachment();
        try {
            buffer.clear();
            int n = ((SocketChannel) key.channel()).read(buffer);
            if (n < 0) {
                end(key, sink);
            } else if (n > 0) {
                sink.read(buffer.flip(), System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            end(key, sink);
        }
    }

    private static void end(SelectionKey key, Sink sink) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            // closing anyway
        }
        sink.ended();
    }
}
