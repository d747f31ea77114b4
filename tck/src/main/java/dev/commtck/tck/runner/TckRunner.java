package dev.commtck.tck.runner;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import dev.commtck.spec.Requirement;
import dev.commtck.tck.TckSettings;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.support.SchedulingDelay;
import dev.commtck.tck.support.Tolerances;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Runs the selected patterns' suites against a target through the JUnit Platform Launcher, the same suites an
 * implementer runs in their own build, and computes each requirement's verdict.
 */
public final class TckRunner {

    /** No single test may run longer than this (scaled by the tolerance multiplier); a backstop behind every own bound. */
    static final int TEST_TIMEOUT_SECONDS = 60;

    private TckRunner() {
    }

    public static RunResult run(RunRequest request) {
        Map<String, String> params = new HashMap<>(request.parameters());
        params.put(TckSettings.TARGET, request.target().toString());
        params.put(TckSettings.STRICT, Boolean.toString(request.strict()));
        params.putIfAbsent(dev.commtck.tck.support.TckExtension.SPEC_URL, "spec/");
        Tolerances tolerances = Tolerances.from(k -> java.util.Optional.ofNullable(params.get(TckSettings.TOLERANCE + k)));
        params.put("junit.jupiter.execution.timeout.default", Math.round(TEST_TIMEOUT_SECONDS * tolerances.multiplier()) + " s");
        params.put("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD");

        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                .selectors(request.patterns().stream().map(p -> selectPackage(Suites.packageOf(p))).toList())
                .filters(ClassNameFilter.includeClassNamePatterns(".*Test"))
                .configurationParameters(params);
        if (!request.only().isEmpty()) {
            builder.filters(new RequirementFilter(request.only()));
        }
        LauncherDiscoveryRequest discovery = builder.build();

        // Each run writes its own Allure results; the listener found through ServiceLoader takes the lifecycle
        // current when the launcher is created. Repetitions land in the same results: Allure shows them as retries.
        Path allureResults = request.outDir().resolve("allure-results");
        AllureLifecycle previous = Allure.getLifecycle();
        Allure.setLifecycle(new AllureLifecycle(new FileSystemResultsWriter(allureResults)));
        List<List<TestOutcome>> repetitions = new ArrayList<>();
        StringWriter xmlProblems = new StringWriter();
        long start = System.nanoTime();
        try {
            Launcher launcher = LauncherFactory.create();
            for (int i = 1; i <= request.repeat(); i++) {
                OutcomeCollector collector = new OutcomeCollector();
                Path xml = request.outDir().resolve("junit-xml").resolve(request.repeat() == 1 ? "" : "run-" + i);
                launcher.execute(discovery, collector, new LegacyXmlReportGeneratingListener(xml, new PrintWriter(xmlProblems)));
                repetitions.add(collector.outcomes());
            }
        } finally {
            Allure.setLifecycle(previous);
        }
        long end = System.nanoTime();
        List<TestOutcome> tests = Repetitions.merge(repetitions);
        List<RequirementOutcome> requirements = requirementsOf(request, tests);
        SchedulingDelay delay = SchedulingDelay.meter();
        return new RunResult(request.target(), requirements, tests,
                Waivers.apply(request.waivers(), requirements, LocalDate.now()), request, (end - start) / 1_000_000,
                new KitDelay(delay.lostBetween(start, end), delay.longestBetween(start, end)));
    }

    /**
     * Every requirement of the run (of its patterns, those found and those not, or the ones it is limited to), with the
     * worst verdict of its tests.
     */
    static List<RequirementOutcome> requirementsOf(RunRequest request, List<TestOutcome> tests) {
        List<RequirementOutcome> out = new ArrayList<>();
        List<Pattern> all = java.util.stream.Stream.concat(request.patterns().stream(), request.notFound().keySet().stream())
                .distinct().sorted().toList();
        for (Pattern p : all) {
            for (Requirement r : Catalogue.bundled().of(p)) {
                if (!request.only().isEmpty() && !request.only().contains(r.id())) {
                    continue;
                }
                List<TestOutcome> mine = tests.stream().filter(t -> t.requirement().equals(r.id())).toList();
                Verdict v;
                if (request.notFound().containsKey(p)) {
                    v = Verdict.NOT_FOUND;
                } else if (!r.testable()) {
                    v = Verdict.UNTESTED;
                } else if (mine.isEmpty()) {
                    v = Verdict.ERROR; // a testable requirement whose tests did not run was not evaluated
                } else {
                    v = mine.stream().map(TestOutcome::verdict)
                            .filter(x -> x != Verdict.NOT_APPLICABLE).reduce(Verdict::worst).orElse(Verdict.NOT_APPLICABLE);
                }
                out.add(new RequirementOutcome(r, v, mine));
            }
        }
        return out;
    }
}
