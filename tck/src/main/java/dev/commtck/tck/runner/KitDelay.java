package dev.commtck.tck.runner;

/**
 * How much the kit itself was held up during a run ({@link dev.commtck.tck.support.SchedulingDelay}): time in which
 * it could not see what the server sent, which its waits allowed for. A report says so, so that a reader knows how busy
 * the machine running the kit was.
 *
 * @param lostMs    milliseconds the kit could not run, in all
 * @param longestMs the longest single delay
 */
public record KitDelay(long lostMs, long longestMs) {

    /** From this much lost time in all, or this long a single delay, a report mentions it. */
    public static final long NOTEWORTHY_MS = 1000;
    public static final long NOTEWORTHY_LONGEST_MS = 100;

    public static final KitDelay NONE = new KitDelay(0, 0);

    public boolean noteworthy() {
        return lostMs >= NOTEWORTHY_MS || longestMs >= NOTEWORTHY_LONGEST_MS;
    }

    /** {@code the kit itself could not run for 1.2 s of it (longest delay 180 ms); its waits allowed for that}. */
    public String sentence() {
        return String.format(java.util.Locale.ROOT, "the kit itself could not run for %.1f s of it (longest delay %d ms);"
                + " its waits allowed for that", lostMs / 1000.0, longestMs);
    }
}
