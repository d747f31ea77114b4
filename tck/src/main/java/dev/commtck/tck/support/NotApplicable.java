package dev.commtck.tck.support;

import org.opentest4j.TestAbortedException;

/** The requirement concerns a capability the target does not offer (verdict N/A), for example an {@code ETag}. */
public final class NotApplicable extends TestAbortedException {

    public NotApplicable(String reason) {
        super("N/A: " + reason);
    }
}
