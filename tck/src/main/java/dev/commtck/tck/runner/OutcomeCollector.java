package dev.commtck.tck.runner;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Level;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.support.ShouldViolation;
import dev.commtck.tck.support.TckExtension;
import dev.commtck.tck.support.TimeoutFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/** Turns JUnit's test events into verdicts, test by test. */
final class OutcomeCollector implements TestExecutionListener {

    private final List<TestOutcome> outcomes = new ArrayList<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, String> lastRequest = new ConcurrentHashMap<>();

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        entry.getKeyValuePairs().entrySet().stream().filter(e -> e.getKey().equals(TckExtension.LAST_REQUEST))
                .forEach(e -> lastRequest.put(id.getUniqueId(), e.getValue()));
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        started.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        long ms = (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000;
        if (id.isTest()) {
            id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                    .ifPresent(m -> add(id, m, result, ms));
        } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            // a class or parameter source that could not even start: its tests were not evaluated
            String where = id.getSource().filter(ClassSource.class::isInstance).map(s -> ((ClassSource) s).getClassName())
                    .orElse(id.getDisplayName());
            synchronized (outcomes) {
                outcomes.add(new TestOutcome("", where, id.getDisplayName(), id.getUniqueId(), Verdict.ERROR,
                        message(result), "", ms, ""));
            }
        }
    }

    private void add(TestIdentifier id, MethodSource source, TestExecutionResult result, long ms) {
        Verifies v = source.getJavaMethod().getAnnotation(Verifies.class);
        String requirement = v == null ? "" : v.value();
        Verdict verdict = verdictOf(result, requirement);
        String category = result.getThrowable().filter(TimeoutFailure.class::isInstance).isPresent() ? "timeout" : "";
        String name = source.getJavaClass().getSimpleName().equals(id.getDisplayName()) ? source.getMethodName()
                : id.getDisplayName();
        synchronized (outcomes) {
            outcomes.add(new TestOutcome(requirement, source.getJavaClass().getSimpleName(), name, id.getUniqueId(),
                    verdict, verdict == Verdict.PASS ? "" : message(result), category, ms,
                    lastRequest.getOrDefault(id.getUniqueId(), "")));
        }
    }

    static Verdict verdictOf(TestExecutionResult result, String requirement) {
        Throwable t = result.getThrowable().orElse(null);
        return switch (result.getStatus()) {
            case SUCCESSFUL -> Verdict.PASS;
            case ABORTED -> t instanceof ShouldViolation ? Verdict.WARN : Verdict.NOT_APPLICABLE;
            case FAILED -> {
                if (!(t instanceof AssertionError)) {
                    yield Verdict.ERROR;
                }
                // under --strict a SHOULD test fails outright; it is still a SHOULD violation, reported as WARN
                boolean should = Catalogue.bundled().find(requirement).map(r -> r.level() == Level.SHOULD).orElse(false);
                yield should ? Verdict.WARN : Verdict.FAIL;
            }
        };
    }

    private static String message(TestExecutionResult result) {
        return result.getThrowable().map(t -> {
            String m = t.getMessage();
            return m == null || m.isBlank() ? t.toString() : m;
        }).orElse("");
    }

    List<TestOutcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }
}
