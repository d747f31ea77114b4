package dev.commtck.tck.runner;

import dev.commtck.spec.Requirement;
import dev.commtck.tck.Verdict;
import java.util.List;

/** A requirement's verdict in a run: the worst verdict of its tests, UNTESTED if it has none by design. */
public record RequirementOutcome(Requirement requirement, Verdict verdict, List<TestOutcome> tests) {
}
