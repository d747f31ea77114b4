package dev.commtck.tck.support;

import org.opentest4j.AssertionFailedError;

/**
 * The target did something the spec does not allow. It says, in its first sentence, what was expected and what was
 * observed, then quotes the evidence. The extension adds the requirement's ID, level, sentence and hint.
 */
public class ConformanceFailure extends AssertionFailedError {

    public ConformanceFailure(String expected, String actual, String details) {
        super(sentence(expected, actual) + (details.isEmpty() ? "" : "\n" + details), expected, actual);
    }

    protected ConformanceFailure(String message, Object expected, Object actual, Throwable cause) {
        super(message, expected, actual, cause);
    }

    static String sentence(String expected, String actual) {
        return "Expected " + expected + ", but " + actual + ".";
    }

    /**
     * The same failure with the requirement's context around its message, the user's credentials masked and the
     * control characters a server sent escaped.
     */
    public ConformanceFailure explained(String before, String after, Redactor redactor) {
        return new ConformanceFailure(Text.printable(before + redactor.redact(getMessage()) + after),
                value(getExpected(), redactor), value(getActual(), redactor), this);
    }

    static Object value(org.opentest4j.ValueWrapper w, Redactor redactor) {
        return w == null ? null : w.getValue() instanceof String s ? redactor.redact(s) : w.getValue();
    }
}
