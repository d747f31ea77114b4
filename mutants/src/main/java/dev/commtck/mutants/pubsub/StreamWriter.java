package dev.commtck.mutants.pubsub;

import dev.commtck.reference.http.Response;
import dev.commtck.reference.http.ResponseStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;

/**
 * A stream written by a thread of its own, from a queue its frames wait in, the way servers with a writer per
 * connection write, and with blocking writes: one is done once the connection has taken the whole frame, so that a
 * client that does not read holds its writer up. The reference server's writes never wait (its connections keep what
 * the network cannot take yet); the faults of the slow-subscriber mutants are in how such a writer waits
 * ({@link Sending}) and in its queue. Each write of the service is one whole frame.
 */
final class StreamWriter extends OutputStream {

    /** How often a write that waits looks at what its connection has not sent yet. */
    private static final Duration LOOK = Duration.ofNanos(100_000);

    /** How the writer sends each frame: with {@link #send} or {@link #sendWithin}, under the locks of the fault. */
    @FunctionalInterface
    interface Sending {
        void send(StreamWriter writer, byte[] frame) throws IOException, InterruptedException;
    }

    private final OutputStream out;
    private final ResponseStream stream;
    private final BlockingQueue<byte[]> frames;
    private final Sending sending;
    private volatile IOException failed;

    /**
     * @param out     the stream's body, which ends in {@code res}'s stream
     * @param frames  where the frames wait for the writer; one that finds it full is lost, and the stream stays open
     * @param sending how the writer sends each frame
     */
    StreamWriter(OutputStream out, Response res, BlockingQueue<byte[]> frames, Sending sending) {
        this.out = out;
        this.stream = res.stream();
        this.frames = frames;
        this.sending = sending;
        Thread writer = Thread.ofVirtual().start(this::writeFrames);
        res.onClose(writer::interrupt); // the stream has ended, and its writer with it
    }

    private void writeFrames() {
        try {
            while (true) {
                sending.send(this, frames.take());
            }
        } catch (IOException e) {
            failed = e;
        } catch (InterruptedException e) {
            // the stream has ended
        }
    }

    /** Writes a frame, and returns once the connection has taken all of it, as a blocking write does. */
    void send(byte[] frame) throws IOException, InterruptedException {
        sendWithin(frame, Duration.ofNanos(Long.MAX_VALUE));
    }

    /** As {@link #send}, giving up the wait after {@code patience}: whether the connection took the frame in time. */
    boolean sendWithin(byte[] frame, Duration patience) throws IOException, InterruptedException {
        out.write(frame);
        out.flush();
        long start = System.nanoTime();
        while (stream.unsentBytes() > 0) {
            if (System.nanoTime() - start >= patience.toNanos()) {
                return false;
            }
            Thread.sleep(LOOK);
        }
        return true;
    }

    /** Ends the stream, and its connection. */
    void cutOff() {
        stream.close();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (failed != null) {
            throw failed;
        }
        frames.offer(Arrays.copyOfRange(b, off, off + len)); // false, a lost frame, goes unnoticed
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void flush() throws IOException {
        if (failed != null) {
            throw failed;
        }
    }
}
