package dev.commtck.tck.runner;

import dev.commtck.spec.Level;
import dev.commtck.tck.Verdict;
import java.net.URI;
import java.util.List;

/**
 * The outcome of one run against one target.
 *
 * @param target       the server that was tested
 * @param requirements every requirement of the selected patterns, in spec order
 * @param tests        every test that ran
 * @param strict       whether SHOULD violations fail the run
 * @param durationMs   wall time of the run
 */
public record RunResult(URI target, List<RequirementOutcome> requirements, List<TestOutcome> tests, boolean strict,
                        long durationMs) {

    /** Exit 0: every MUST holds. 1: a MUST fails (or a SHOULD under --strict). 2: the run could not be evaluated. */
    public int exitCode() {
        if (tests.isEmpty()) {
            return ExitCodes.NOT_EVALUATED;
        }
        boolean failed = requirements.stream().anyMatch(r -> r.verdict() == Verdict.FAIL
                || strict && r.verdict() == Verdict.WARN && r.requirement().level() == Level.SHOULD);
        if (failed) {
            return ExitCodes.NONCONFORMING;
        }
        return requirements.stream().anyMatch(r -> r.verdict() == Verdict.ERROR) ? ExitCodes.NOT_EVALUATED : ExitCodes.CONFORMING;
    }

    public long count(Verdict v) {
        return requirements.stream().filter(r -> r.verdict() == v).count();
    }
}
