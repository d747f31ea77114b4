package dev.commtck.tck.support;

/** The expected answer or event did not come within its bound. Reported as a FAIL in the category "timeout". */
public final class TimeoutFailure extends ConformanceFailure {

    /** The sentence ends in "(timeout)", which reports use to tell timeouts from other failures. */
    public TimeoutFailure(String expected, String actual, String details) {
        super(expected, actual + " (timeout)", details);
    }

    private TimeoutFailure(String message, Object expected, Object actual, Throwable cause) {
        super(message, expected, actual, cause);
    }

    @Override
    public TimeoutFailure explained(String before, String after, Redactor redactor) {
        return new TimeoutFailure(before + redactor.redact(getMessage()) + after, value(getExpected(), redactor),
                value(getActual(), redactor), this);
    }
}
