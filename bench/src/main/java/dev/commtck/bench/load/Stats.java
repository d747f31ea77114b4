package dev.commtck.bench.load;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles of a set of durations measured in nanoseconds, reported in milliseconds. */
final class Stats {

    private Stats() {
    }

    /** {@code count}, {@code p50Ms}, {@code p99Ms}, {@code maxMs} of the durations (nearest rank). */
    static Map<String, Object> of(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.length);
        m.put("p50Ms", ms(s, 0.50));
        m.put("p99Ms", ms(s, 0.99));
        m.put("maxMs", ms(s, 1.0));
        return m;
    }

    private static double ms(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
