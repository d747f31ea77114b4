package dev.commtck.tck.runner;

import dev.commtck.spec.Pattern;

/** Where each pattern's conformance tests live: one package per pattern, {@code dev.commtck.tck.<id without dashes>}. */
public final class Suites {

    private Suites() {
    }

    public static String packageOf(Pattern pattern) {
        return "dev.commtck.tck." + pattern.id().replace("-", "");
    }
}
