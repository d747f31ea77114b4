package dev.commtck.tck.shortpolling;

import dev.commtck.spec.Pattern;
import dev.commtck.tck.support.PathKey;

/** The resources of the short-polling contract (spec/short-polling.md, "Contract"). */
final class ShortPollingPaths {

    static final PathKey POLL = new PathKey(Pattern.SHORT_POLLING, "poll", "/bitcoin");
    static final PathKey ROOT = new PathKey(Pattern.SHORT_POLLING, "root", "/");

    private ShortPollingPaths() {
    }
}
