package dev.commtck.reference.sse;

import dev.commtck.reference.http.Pieces;
import dev.commtck.reference.http.ResponseStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A streamed response as an {@link OutputStream}: what is written is sent at the next flush, as one write; writing to a
 * stream that has ended fails. Between flushes it holds copies of what was written (a writer may reuse its array), and
 * nothing once flushed, so that an idle stream holds no buffer. An output stream so that the kit's mutants can filter the stream's bytes with the JDK's
 * own streams (a GZIP encoder, say).
 */
final class StreamOutput extends OutputStream {

    private final ResponseStream stream;
    private final List<byte[]> pending = new ArrayList<>(1);
    private int pendingBytes;

    StreamOutput(ResponseStream stream) {
        this.stream = stream;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        pending.add(Arrays.copyOfRange(b, off, off + len));
        pendingBytes += len;
    }

    @Override
    public void flush() throws IOException {
        if (pendingBytes > 0) {
            byte[] bytes = Pieces.joined(pending, pendingBytes);
            pending.clear();
            pendingBytes = 0;
            if (!stream.write(bytes)) {
                throw new IOException("the stream has ended");
            }
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
