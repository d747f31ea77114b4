package dev.commtck.tck.longpolling;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.PathKey;

/** The resources of the long-polling contract (spec/long-polling.md, "Contract"): jobs, and each job at {@code {jobs}/{id}}. */
final class LongPollingPaths {

    static final PathKey JOBS = new PathKey(Pattern.LONG_POLLING, "jobs", "/jobs");

    private LongPollingPaths() {
    }
}
