package dev.commtck.tck.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The named timing tolerances of a run, each already multiplied by the one global multiplier. "Wait for X" bounds
 * ({@link #fast}, {@link #wake}, {@link #response}) and the "assert nothing happens" window ({@link #quiet}) are
 * separate knobs: a slow machine needs longer waits, not longer silences.
 *
 * @param multiplier scales every tolerance (default 1)
 * @param fast       "answered at once" (default 1000 ms)
 * @param wake       "promptly after the event" (default 500 ms)
 * @param quiet      how long to watch for something that must not happen (default 200 ms)
 * @param response   the longest any single response may take before the check fails as a timeout (default 5000 ms)
 */
public record Tolerances(double multiplier, Duration fast, Duration wake, Duration quiet, Duration response,
                         Function<String, Optional<String>> parameter) {

    public static final Tolerances DEFAULT = new Tolerances(1, Duration.ofMillis(1000), Duration.ofMillis(500),
            Duration.ofMillis(200), Duration.ofMillis(5000), name -> Optional.empty());

    /** Reads {@code multiplier}, {@code fast}, {@code wake}, {@code quiet} and {@code response} (milliseconds). */
    public static Tolerances from(Function<String, Optional<String>> parameter) {
        double m = parameter.apply("multiplier").map(Double::parseDouble).orElse(1.0);
        if (!(m > 0) || Double.isInfinite(m)) {
            throw new IllegalArgumentException("tolerance multiplier must be a positive number, got " + m);
        }
        return new Tolerances(m,
                scaled(parameter, "fast", DEFAULT.fast, m),
                scaled(parameter, "wake", DEFAULT.wake, m),
                scaled(parameter, "quiet", DEFAULT.quiet, m),
                scaled(parameter, "response", DEFAULT.response, m),
                parameter);
    }

    /**
     * A pattern's own tolerance ({@code commtck.tolerance.<name>}, in milliseconds), scaled by the multiplier like the
     * others; its spec document names it and gives its default. Example: {@code named("sse.heartbeat", 15_000)}.
     */
    public Duration named(String name, long defaultMillis) {
        return scaled(parameter, name, Duration.ofMillis(defaultMillis), multiplier);
    }

    private static Duration scaled(Function<String, Optional<String>> parameter, String name, Duration base, double m) {
        long ms = parameter.apply(name).map(Long::parseLong).orElse(base.toMillis());
        if (ms <= 0) {
            throw new IllegalArgumentException("tolerance " + name + " must be positive, got " + ms);
        }
        return Duration.ofMillis(Math.round(ms * m));
    }

    /** A bound derived from the others, for waits that span several steps (for example a whole test). */
    public Duration scale(Duration base) {
        return Duration.ofMillis(Math.round(base.toMillis() * multiplier));
    }

    @Override
    public String toString() {
        return "multiplier " + multiplier + ", fast " + fast.toMillis() + " ms, wake " + wake.toMillis() + " ms, quiet "
                + quiet.toMillis() + " ms, response " + response.toMillis() + " ms";
    }
}
