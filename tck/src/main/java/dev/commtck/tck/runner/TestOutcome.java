package dev.commtck.tck.runner;

import dev.commtck.tck.Verdict;

/**
 * What one test (or one invocation of a parameterized test) concluded.
 *
 * @param requirement the requirement ID it verifies
 * @param testClass   the test class's simple name
 * @param name        display name, with the invocation's parameters
 * @param uniqueId    JUnit's unique ID, stable between runs
 * @param verdict     its verdict
 * @param message     the failure, warning or N/A reason; empty on PASS
 * @param category    {@code timeout} for a FAIL that is a timeout; empty otherwise
 * @param durationMs  how long it ran
 * @param request     the last request it sent, {@code POST https://host/api/hello}; empty if it sent none
 */
public record TestOutcome(String requirement, String testClass, String name, String uniqueId, Verdict verdict,
                          String message, String category, long durationMs, String request) {
}
