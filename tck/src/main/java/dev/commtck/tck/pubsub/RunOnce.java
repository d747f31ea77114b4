package dev.commtck.tck.pubsub;

import dev.commtck.tck.support.Target;
import java.util.function.Function;

/**
 * A scenario that the first test of a class runs and every test of the class checks: its result, or what it threw — a
 * failure (FAIL) or an error (ERROR) — kept and met again by the others, so that a load runs once per class.
 */
final class RunOnce<T> {

    private T result;
    private Throwable failed;

    /** The scenario's result; the first call runs it (and records it in its test's evidence). */
    synchronized T get(Target target, Function<Target, T> scenario) {
        if (result == null && failed == null) {
            try {
                result = scenario.apply(target);
            } catch (RuntimeException | AssertionError e) {
                failed = e;
            }
        } else if (result != null) {
            target.evidence().note("checked what another test of this class ran (see its first test)");
        }
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof AssertionError e) {
            throw e;
        }
        return result;
    }
}
