package dev.commtck.tck.support;

/** The kit could not evaluate the requirement (target unreachable, bad configuration): verdict ERROR. */
public final class EvaluationError extends RuntimeException {

    public EvaluationError(String message, Throwable cause) {
        super(message, cause);
    }

    public EvaluationError(String message) {
        super(message);
    }
}
