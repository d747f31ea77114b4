package dev.commtck.tck.support;

import org.opentest4j.TestAbortedException;

/**
 * A SHOULD requirement is not met. In a normal run it ends the test as aborted, so that the run (and an
 * implementer's build) still passes; the runner reports it as WARN. Under {@code --strict} the original failure
 * is thrown instead.
 */
public final class ShouldViolation extends TestAbortedException {

    public ShouldViolation(String message, Throwable cause) {
        super(message, cause);
    }
}
