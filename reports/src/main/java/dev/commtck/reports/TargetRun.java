package dev.commtck.reports;

import dev.commtck.tck.runner.RunResult;
import java.nio.file.Path;

/**
 * One target's run within a report; a report holds one or several, side by side.
 *
 * @param label   short name in matrices: {@code A}, {@code B}…
 * @param context the run's context
 * @param result  its verdicts
 * @param dir     where its allure-results and junit-xml are
 */
public record TargetRun(String label, RunContext context, RunResult result, Path dir) {

    /** {@code A: http://127.0.0.1:2001} */
    public String title() {
        return label + ": " + context.target() + (context.embedded() ? " (embedded reference server)" : "");
    }
}
