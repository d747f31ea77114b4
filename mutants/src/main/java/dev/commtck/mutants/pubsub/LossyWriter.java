package dev.commtck.mutants.pubsub;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The fault of {@code ps-slow-skips-ahead}: a stream's frames go into a queue of {@link #FRAMES} that a thread of its
 * own writes to the client, and {@code offer}'s answer is ignored, so that a frame that finds the queue full is lost
 * while the stream stays open. Each write of the service is one whole frame; the writer flushes after each.
 */
final class LossyWriter extends OutputStream {

    static final int FRAMES = 16;

    private final OutputStream out;
    private final BlockingQueue<byte[]> frames = new ArrayBlockingQueue<>(FRAMES);
    private final Thread writer;
    private volatile IOException failed;

    LossyWriter(OutputStream out) {
        this.out = out;
        this.writer = Thread.ofVirtual().start(this::writeFrames);
    }

    private void writeFrames() {
        try {
            while (true) {
                out.write(frames.take());
                out.flush();
            }
        } catch (IOException e) {
            failed = e;
        } catch (InterruptedException e) {
            // the stream is closing
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (failed != null) {
            throw failed;
        }
        frames.offer(Arrays.copyOfRange(b, off, off + len)); // the fault: false, a lost frame, goes unnoticed
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

    @Override
    public void close() throws IOException {
        writer.interrupt();
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.close();
    }
}
