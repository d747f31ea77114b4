package dev.commtck.tck.runner;

import dev.commtck.spec.Level;
import dev.commtck.tck.Verdict;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one run against one target.
 *
 * @param target       the server that was tested
 * @param requirements every requirement of the selected patterns, in spec order
 * @param tests        every test that ran (merged over repetitions)
 * @param waivers      how each waiver fared
 * @param request      what was asked for
 * @param durationMs   wall time of the run
 * @param kitDelay     how much the kit itself was held up meanwhile
 */
public record RunResult(URI target, List<RequirementOutcome> requirements, List<TestOutcome> tests,
                        List<Waiver.Outcome> waivers, RunRequest request, long durationMs, KitDelay kitDelay) {

    public boolean strict() {
        return request.strict();
    }

    /**
     * Exit 0: every MUST holds. 1: a MUST fails (not waived), a test is FLAKY (unless allowed), a SHOULD fails under
     * --strict, or a waiver expired or went stale. 2: the run could not be evaluated (no test ran, or an ERROR).
     */
    public int exitCode() {
        if (tests.isEmpty()) {
            return ExitCodes.NOT_EVALUATED;
        }
        boolean failed = requirements.stream().anyMatch(this::failsTheRun) || waivers.stream().anyMatch(Waiver.Outcome::failsTheRun);
        if (failed) {
            return ExitCodes.NONCONFORMING;
        }
        return requirements.stream().anyMatch(r -> r.verdict() == Verdict.ERROR) ? ExitCodes.NOT_EVALUATED : ExitCodes.CONFORMING;
    }

    private boolean failsTheRun(RequirementOutcome r) {
        return switch (r.verdict()) {
            case FAIL -> waiverOf(r.requirement().id()).isEmpty();
            case FLAKY -> !request.allowFlaky() && waiverOf(r.requirement().id()).isEmpty();
            case WARN -> request.strict() && r.requirement().level() == Level.SHOULD && waiverOf(r.requirement().id()).isEmpty();
            default -> false;
        };
    }

    /** The waiver in force for a requirement, if any. */
    public Optional<Waiver> waiverOf(String requirementId) {
        return waivers.stream().filter(w -> w.status() == Waiver.Status.APPLIED && w.waiver().id().equals(requirementId))
                .map(Waiver.Outcome::waiver).findFirst();
    }

    public long count(Verdict v) {
        return requirements.stream().filter(r -> r.verdict() == v).count();
    }
}
