package dev.commtck.tck;

/** Outcome of a test, and of a requirement (the worst of its tests). */
public enum Verdict {
    /** A MUST (or an offered MAY) is violated. */
    FAIL,
    /** Repeated runs of the same check disagreed ({@code --repeat}); fails the run unless flakiness is allowed. */
    FLAKY,
    /** The kit could not evaluate: target down, bad configuration, a kit bug. Never a PASS or a FAIL. */
    ERROR,
    /** A SHOULD is violated; the server still conforms unless the run is strict. */
    WARN,
    PASS,
    /** The requirement applies to a capability the server does not offer. */
    NOT_APPLICABLE,
    /** The server does not expose the requirement's pattern at all (its entry resource answered 404): not checked. */
    NOT_FOUND,
    /** The requirement cannot be checked from outside (the spec says why); it has no test. */
    UNTESTED;

    /** How it is printed: {@code N/A} rather than {@code NOT_APPLICABLE}, {@code NOT FOUND} with a space. */
    public String label() {
        return switch (this) {
            case NOT_APPLICABLE -> "N/A";
            case NOT_FOUND -> "NOT FOUND";
            default -> name();
        };
    }

    /** The more severe of two verdicts, for a requirement checked by several tests. */
    public Verdict worst(Verdict other) {
        return ordinal() <= other.ordinal() ? this : other;
    }
}
