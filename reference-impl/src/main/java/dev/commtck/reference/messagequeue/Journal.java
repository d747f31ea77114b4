package dev.commtck.reference.messagequeue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The durable half of {@link JournalQueueStore}: an append-only file of what changed, in a data directory, replayed
 * when the store opens and rewritten from the store's state when it has grown to mostly history.
 *
 * <p>The file is memory-mapped, {@link #REGION_BYTES} at a time: appending an entry is a copy into the operating
 * system's cache of the file, no system call, and what is there survives the process being killed ({@code kill -9}).
 * The file is fsynced when it is rewritten and when the store closes, not per entry: like SQLite's WAL with
 * {@code synchronous=NORMAL}, a power cut may lose the latest entries. The file's blocks are allocated ahead of the
 * entries, {@link #ALLOCATION_STEP} at a time, by writing zeros: a page of the mapping that the file system cannot give
 * would fault (the JVM's {@code InternalError}) after the entry had been counted on, whereas a write is refused with
 * an error, so that on a full disk the operation that needs the room is refused ({@link QueueStore.Full}) and nothing
 * it would have changed has changed.
 *
 * <p>An entry is framed as its length, a CRC32C of its bytes, and the bytes; replay stops at the first entry that is
 * cut short, does not match its checksum (a write the machine did not finish), or has length 0 (the mapped region's
 * unwritten rest), and appending goes on from there.
 *
 * <p>Not thread-safe: the store calls it under its own lock, so the file's order is the order things happened. The
 * directory is locked for one process: a second store on the same data is refused at once.
 */
final class Journal implements AutoCloseable {

    /** What changed: replaying the entries in order rebuilds the store. */
    sealed interface Entry {
    }

    /** A message was stored under {@code seq}. */
    record Sent(long seq, String queue, byte[] body) implements Entry {
    }

    /** The message's lease changed: leased until {@code visibleAt}, or ended ({@code receipt} null, 0). */
    record Leased(long seq, int deliveries, String receipt, long visibleAt) implements Entry {
    }

    /** The message was acknowledged: deleted. */
    record Acknowledged(long seq) implements Entry {
    }

    /** The message was moved to its queue's dead letters. */
    record Buried(long seq) implements Entry {
    }

    /** Ids below {@code seq} have been given out (kept across a rewrite that drops their messages). */
    record NextSeq(long seq) implements Entry {
    }

    /** How much of the file is mapped at a time. */
    private static final int REGION_BYTES = 16 << 20;
    /** How much of the file is allocated at a time, ahead of the entries. */
    private static final int ALLOCATION_STEP = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10);
    private static final String FILE = "queues.journal";
    private static final String REWRITTEN = "queues.journal.new";
    private static final String LOCK = "queues.lock";
    private static final int HEADER_BYTES = 8;
    /** Longer than any entry the store writes (a body is at most 256 KiB): a longer length is a torn write. */
    private static final int MAX_ENTRY_BYTES = 1 << 20;

    private final Path dir;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final CRC32C crc = new CRC32C();
    private FileChannel file; // null once closed
    private MappedByteBuffer region;
    private long regionStart;
    private long allocatedTo; // the file's bytes up to here are on the disk: entries, then zeros

    private Journal(Path dir, FileChannel lockFile, FileLock lock) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (created if missing), replays its journal into {@code replay}, and opens it for appending.
     *
     * @throws IllegalStateException when the directory is in use or cannot be read
     */
    static Journal open(Path dir, Consumer<Entry> replay) {
        FileChannel lockFile = null;
        FileChannel file = null;
        try {
            Files.createDirectories(dir);
            lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockFile);
            if (lock == null) {
                throw new IllegalStateException("cannot open the queue store " + dir + ": another server uses it");
            }
            Journal journal = new Journal(dir, lockFile, lock);
            long valid = replay(dir.resolve(FILE), replay);
            file = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            file.truncate(valid); // a torn last write is dropped, not appended after
            journal.file = file;
            journal.mapAt(valid, 0);
            journal.allocatedTo = valid;
            return journal;
        } catch (IOException | QueueStore.Full e) {
            closeQuietly(file);
            closeQuietly(lockFile);
            throw new IllegalStateException("cannot open the queue store " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(file);
            closeQuietly(lockFile);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel lockFile) throws IOException {
        try {
            return lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this process holds it already
        }
    }

    /** Feeds the file's whole entries to {@code replay}; the length of the file they make up. */
    private static long replay(Path path, Consumer<Entry> replay) throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        long valid = 0;
        CRC32C crc = new CRC32C();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
            while (true) {
                byte[] bytes;
                try {
                    int length = in.readInt();
                    int checksum = in.readInt();
                    if (length <= 0 || length > MAX_ENTRY_BYTES) {
                        return valid;
                    }
                    bytes = in.readNBytes(length);
                    crc.reset();
                    crc.update(bytes);
                    if (bytes.length != length || (int) crc.getValue() != checksum) {
                        return valid;
                    }
                } catch (EOFException e) {
                    return valid;
                }
                replay.accept(decode(ByteBuffer.wrap(bytes)));
                valid += HEADER_BYTES + bytes.length;
            }
        }
    }

    /** Appends an entry: once this returns, it survives the process being killed. */
    void append(Entry entry) {
        if (file == null) {
            throw new QueueStore.Closed();
        }
        int room = HEADER_BYTES + maxEncodedSize(entry);
        if (size() + room > allocatedTo) {
            allocate(size() + room);
        }
        if (region.remaining() < room) {
            mapAt(size(), room);
        }
        int start = region.position();
        region.position(start + HEADER_BYTES);
        encode(entry, region);
        int length = region.position() - start - HEADER_BYTES;
        crc.reset();
        crc.update(region.slice(start + HEADER_BYTES, length));
        // the length last: until it is there, replay sees the end of the journal, not half an entry
        region.putInt(start + 4, (int) crc.getValue()).putInt(start, length);
    }

    /** The journal's length in bytes (the mapped rest of the file excluded). */
    long size() {
        return regionStart + region.position();
    }

    /** Maps the file from {@code start}, at least {@code bytes} of it (the file grows to hold them). */
    private void mapAt(long start, int bytes) {
        try {
            region = file.map(FileChannel.MapMode.READ_WRITE, start, Math.max(REGION_BYTES, bytes));
            regionStart = start;
        } catch (IOException e) {
            throw cannotGrow(e);
        }
    }

    /** Writes zeros from {@link #allocatedTo} to {@code end} or a step further, so that the disk has the room. */
    private void allocate(long end) {
        long to = Math.max(end, allocatedTo + ALLOCATION_STEP);
        try {
            for (long at = allocatedTo; at < to; ) {
                at += file.write(ZEROS.duplicate().limit((int) Math.min(ZEROS.capacity(), to - at)), at);
            }
            allocatedTo = to;
        } catch (IOException e) {
            throw cannotGrow(e);
        }
    }

    private QueueStore.Full cannotGrow(IOException e) {
        return new QueueStore.Full("the queue journal in " + dir + " cannot grow: " + e.getMessage());
    }

    /**
     * Replaces the file with the entries {@code state} gives, which rebuild the store as it is: written beside it,
     * fsynced, and moved over it in one step, so that a kill at any moment leaves one whole journal or the other.
     */
    void rewrite(Consumer<Consumer<Entry>> state) {
        FileChannel previous = file;
        MappedByteBuffer previousRegion = region;
        long previousStart = regionStart;
        long previousAllocatedTo = allocatedTo;
        Path next = dir.resolve(REWRITTEN);
        FileChannel rewritten = null;
        try {
            rewritten = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            file = rewritten;
            mapAt(0, 0);
            allocatedTo = 0;
            state.accept(this::append);
            file.force(true);
            Files.move(next, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            closeQuietly(previous);
        } catch (IOException | QueueStore.Full e) {
            closeQuietly(rewritten);
            file = previous;
            region = previousRegion;
            regionStart = previousStart;
            allocatedTo = previousAllocatedTo;
            deleteQuietly(next); // on a full disk, its room is what the old journal needs
            throw new IllegalStateException("cannot rewrite the queue journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Fsyncs, cuts the file's unwritten rest, and unlocks the directory. */
    @Override
    public void close() {
        try {
            file.force(true);
            file.truncate(size()); // nothing touches the mapping any more
            file.close();
            file = null;
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the queue journal in " + dir, e);
        } finally {
            closeQuietly(lockFile);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // deleting after a failure: the failure is what is reported
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing after a failure: the failure is what is reported
            }
        }
    }

    // ---- the entries' bytes: a type, then the fields; strings and bodies as a length and UTF-8 or raw bytes ----

    private static final byte SENT = 1;
    private static final byte LEASED = 2;
    private static final byte ACKNOWLEDGED = 3;
    private static final byte BURIED = 4;
    private static final byte NEXT_SEQ = 5;

    /** At least the bytes {@link #encode} writes (a UTF-16 unit is at most three bytes of UTF-8). */
    private static int maxEncodedSize(Entry entry) {
        return 1 + switch (entry) {
            case Sent s -> 8 + 4 + 3 * s.queue().length() + 4 + s.body().length;
            case Leased l -> 8 + 4 + 4 + (l.receipt() == null ? 0 : 3 * l.receipt().length()) + 8;
            case Acknowledged a -> 8;
            case Buried b -> 8;
            case NextSeq n -> 8;
        };
    }

    private static void encode(Entry entry, ByteBuffer out) {
        switch (entry) {
            case Sent s -> putBytes(out.put(SENT).putLong(s.seq()), utf8(s.queue())).putInt(s.body().length).put(s.body());
            case Leased l -> putBytes(out.put(LEASED).putLong(l.seq()).putInt(l.deliveries()),
                    l.receipt() == null ? new byte[0] : utf8(l.receipt())).putLong(l.visibleAt());
            case Acknowledged a -> out.put(ACKNOWLEDGED).putLong(a.seq());
            case Buried b -> out.put(BURIED).putLong(b.seq());
            case NextSeq n -> out.put(NEXT_SEQ).putLong(n.seq());
        }
    }

    private static Entry decode(ByteBuffer in) {
        byte type = in.get();
        return switch (type) {
            case SENT -> new Sent(in.getLong(), new String(getBytes(in), StandardCharsets.UTF_8), getBytes(in));
            case LEASED -> {
                long seq = in.getLong();
                int deliveries = in.getInt();
                byte[] receipt = getBytes(in);
                yield new Leased(seq, deliveries, receipt.length == 0 ? null : new String(receipt, StandardCharsets.UTF_8),
                        in.getLong());
            }
            case ACKNOWLEDGED -> new Acknowledged(in.getLong());
            case BURIED -> new Buried(in.getLong());
            case NEXT_SEQ -> new NextSeq(in.getLong());
            default -> throw new IllegalStateException("the queue journal has an entry of unknown type " + type);
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteBuffer putBytes(ByteBuffer out, byte[] bytes) {
        return out.putInt(bytes.length).put(bytes);
    }

    private static byte[] getBytes(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return bytes;
    }
}
