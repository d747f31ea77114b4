package dev.commtck.tck.runner;

/** The runner's exit codes, the same for every command. */
public final class ExitCodes {

    /** Every MUST of the selected patterns holds. */
    public static final int CONFORMING = 0;
    /** A MUST fails (or, under --strict, a SHOULD). */
    public static final int NONCONFORMING = 1;
    /** The run could not be evaluated: bad arguments, unknown pattern, target unreachable, no test executed. */
    public static final int NOT_EVALUATED = 2;

    private ExitCodes() {
    }

    /** The exit code of several runs: a non-conforming target decides, then one that could not be evaluated. */
    public static int combine(java.util.Collection<Integer> codes) {
        if (codes.contains(NONCONFORMING)) {
            return NONCONFORMING;
        }
        return codes.isEmpty() || codes.contains(NOT_EVALUATED) ? NOT_EVALUATED : CONFORMING;
    }
}
