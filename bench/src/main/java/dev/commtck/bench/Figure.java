package dev.commtck.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the results table: a measure of the reference server (one value per round), optionally against a baseline
 * measured in the same rounds, and the goal it is held to.
 *
 * @param workload  what was done ({@code GET /hello, 64 connections})
 * @param measure   what was measured ({@code requests/s})
 * @param values    the reference server's value in each round
 * @param baseline  the baseline's name, or empty
 * @param baselines the baseline's value in each round (same length as values), or empty
 * @param goal      the goal in words ({@code ≥ 4× the seed}), or empty
 * @param met       whether the goal is met (by the median of the rounds, or by each round where the goal says "in every
 *                  round"), or null where there is no goal
 */
record Figure(String workload, String measure, List<Double> values, String baseline, List<Double> baselines,
              String goal, Boolean met) {

    /** A figure held to a ratio against its baseline: at least {@code min} times the baseline (median of per-round ratios). */
    static Figure atLeast(String workload, String measure, List<Double> values, String baseline, List<Double> baselines, double min) {
        Figure f = new Figure(workload, measure, values, baseline, baselines, "≥ " + min + "× " + baseline, null);
        return new Figure(workload, measure, values, baseline, baselines, f.goal, f.ratio() >= min);
    }

    /** A figure that must be no higher than its baseline (latency): median of per-round ratios at most 1. */
    static Figure noWorse(String workload, String measure, List<Double> values, String baseline, List<Double> baselines) {
        Figure f = new Figure(workload, measure, values, baseline, baselines, "no worse than " + baseline, null);
        return new Figure(workload, measure, values, baseline, baselines, f.goal, f.ratio() <= 1.0);
    }

    /** A figure against a baseline, for information: no goal. */
    static Figure compared(String workload, String measure, List<Double> values, String baseline, List<Double> baselines) {
        return new Figure(workload, measure, values, baseline, baselines, "", null);
    }

    /** A figure held to an absolute bound: median at most {@code max}. */
    static Figure atMost(String workload, String measure, List<Double> values, double max, String unit) {
        return new Figure(workload, measure, values, "", List.of(), ("≤ " + fmt(max) + " " + unit).strip(), median(values) <= max);
    }

    /**
     * A figure held to an absolute bound in each round, not only by the median: for a worst case that must not come
     * back one round in three.
     */
    static Figure atMostInEveryRound(String workload, String measure, List<Double> values, double max, String unit) {
        return new Figure(workload, measure, values, "", List.of(), ("≤ " + fmt(max) + " " + unit).strip() + " in every round",
                !values.isEmpty() && values.stream().allMatch(v -> v <= max));
    }

    /** A figure reported for information, with no goal. */
    static Figure info(String workload, String measure, List<Double> values) {
        return new Figure(workload, measure, values, "", List.of(), "", null);
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format("%.2f", v);
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    double median() {
        return median(values);
    }

    double baselineMedian() {
        return median(baselines);
    }

    /** The median of the per-round ratios value/baseline: steadier than the ratio of medians on a noisy machine. */
    double ratio() {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(values.size(), baselines.size()); i++) {
            ratios.add(values.get(i) / baselines.get(i));
        }
        return median(ratios);
    }

    /**
     * The ratio as the table shows it: two decimals, three where a goal is held to it, so that a ratio just below its
     * bound (0.246× against ≥ 0.25×) does not read as the bound itself.
     */
    String ratioText() {
        return String.format(met == null ? "%.2f×" : "%.3f×", ratio());
    }

    boolean hasBaseline() {
        return !baselines.isEmpty();
    }
}
