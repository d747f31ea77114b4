package dev.commtck.examples.common;

/**
 * Whether an adapter works around its stack where the stack alone cannot meet a contract. Each workaround is small and
 * commented where it is made; {@code COMMTCK_WORKAROUNDS=off} in the environment leaves them all out, so that the
 * matrix can show a stack's verdicts with and without them (stack.workaround in its stack.properties).
 */
public final class Workarounds {

    private static final boolean ON = !"off".equals(System.getenv("COMMTCK_WORKAROUNDS"));

    private Workarounds() {
    }

    public static boolean on() {
        return ON;
    }
}
