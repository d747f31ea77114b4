package dev.commtck.tck.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.Verdict;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepetitionsAndWaiversTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    @TempDir
    Path dir;

    private static TestOutcome outcome(String id, Verdict v) {
        return new TestOutcome("RR-PING-1", "HelloTest", "ping", id, v, v == Verdict.PASS ? "" : v + " message", "", 1, "");
    }

    @Test
    void aTestWhoseRepetitionsDisagreeIsFlaky() {
        List<TestOutcome> merged = Repetitions.merge(List.of(
                List.of(outcome("a", Verdict.PASS), outcome("b", Verdict.FAIL)),
                List.of(outcome("a", Verdict.FAIL), outcome("b", Verdict.FAIL)),
                List.of(outcome("a", Verdict.PASS), outcome("b", Verdict.FAIL))));
        assertEquals(Verdict.FLAKY, merged.get(0).verdict());
        assertTrue(merged.get(0).message().startsWith("FLAKY: 3 of 3 runs concluded PASS, FAIL, PASS"), merged.get(0).message());
        assertEquals(Verdict.FAIL, merged.get(1).verdict(), "consistent failures stay failures");
    }

    @Test
    void aTestMissingFromSomeRepetitionsIsFlaky() {
        List<TestOutcome> merged = Repetitions.merge(List.of(List.of(outcome("a", Verdict.PASS)), List.of()));
        assertEquals(Verdict.FLAKY, merged.get(0).verdict());
    }

    private RunResult result(Verdict pingVerdict, List<Waiver> waivers, boolean allowFlaky) {
        RunRequest request = new RunRequest(URI.create("http://x"), List.of(Pattern.REQUEST_RESPONSE), Map.of(), false,
                dir, 1, allowFlaky, waivers, java.util.Set.of(), Map.of());
        List<RequirementOutcome> requirements = Catalogue.bundled().of(Pattern.REQUEST_RESPONSE).stream()
                .map(r -> new RequirementOutcome(r, r.id().equals("RR-PING-1") ? pingVerdict : Verdict.PASS, List.of()))
                .toList();
        return new RunResult(request.target(), requirements, List.of(outcome("a", pingVerdict)),
                Waivers.apply(waivers, requirements, TODAY), request, 1, KitDelay.NONE);
    }

    private static Waiver waiver(String id, LocalDate expires) {
        return new Waiver(id, "known", "", expires);
    }

    @Test
    void aWaivedFailureDoesNotFailTheRun() {
        assertEquals(ExitCodes.NONCONFORMING, result(Verdict.FAIL, List.of(), false).exitCode());
        RunResult waived = result(Verdict.FAIL, List.of(waiver("RR-PING-1", TODAY)), false);
        assertEquals(ExitCodes.CONFORMING, waived.exitCode());
        assertEquals(Waiver.Status.APPLIED, waived.waivers().get(0).status());
    }

    @Test
    void anExpiredWaiverFailsTheRun() {
        RunResult expired = result(Verdict.FAIL, List.of(waiver("RR-PING-1", TODAY.minusDays(1))), false);
        assertEquals(Waiver.Status.EXPIRED, expired.waivers().get(0).status());
        assertEquals(ExitCodes.NONCONFORMING, expired.exitCode());
    }

    @Test
    void aStaleWaiverFailsTheRunUnlessAnotherTargetNeedsIt() {
        RunResult stale = result(Verdict.PASS, List.of(waiver("RR-PING-1", TODAY)), false);
        assertEquals(Waiver.Status.STALE, stale.waivers().get(0).status());
        assertEquals(ExitCodes.NONCONFORMING, stale.exitCode());
        List<RunResult> both = Waivers.acrossTargets(List.of(stale, result(Verdict.FAIL, List.of(waiver("RR-PING-1", TODAY)), false)));
        assertEquals(Waiver.Status.NOT_NEEDED_HERE, both.get(0).waivers().get(0).status());
        assertEquals(ExitCodes.CONFORMING, both.get(0).exitCode());
    }

    @Test
    void flakinessFailsTheRunUnlessAllowed() {
        assertEquals(ExitCodes.NONCONFORMING, result(Verdict.FLAKY, List.of(), false).exitCode());
        assertEquals(ExitCodes.CONFORMING, result(Verdict.FLAKY, List.of(), true).exitCode());
    }

    @Test
    void waiverFilesAreReadAndChecked() throws IOException {
        Path file = dir.resolve("waivers.yaml");
        Files.writeString(file, """
                - id: RR-PING-1
                  reason: fix scheduled
                  link: https://tracker.example/1
                  expires: 2027-01-31
                """);
        assertEquals(List.of(new Waiver("RR-PING-1", "fix scheduled", "https://tracker.example/1", LocalDate.of(2027, 1, 31))),
                Waivers.read(file));
        Files.writeString(file, "- id: XX-NOPE-1\n  reason: r\n  expires: 2027-01-31\n");
        assertThrows(Waivers.Invalid.class, () -> Waivers.read(file));
        Files.writeString(file, "- id: RR-PING-1\n  reason: r\n  expires: soon\n");
        assertThrows(Waivers.Invalid.class, () -> Waivers.read(file));
        Files.writeString(file, "- id: RR-PING-1\n  expires: 2027-01-31\n");
        assertThrows(Waivers.Invalid.class, () -> Waivers.read(file));
    }
}
