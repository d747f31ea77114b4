package dev.commtck.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import dev.commtck.spec.Requirement;
import dev.commtck.tck.runner.Suites;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * From a requirement to its tests and back without searching: every testable requirement has a test, every test
 * names one requirement that exists and belongs to its suite's pattern, and an untestable requirement has none.
 */
class TraceabilityTest {

    /** Every conformance test method, discovered the way the runner discovers them, with the ID it verifies. */
    private static Map<Method, Optional<String>> conformanceTests() {
        TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(Pattern.values()).map(p -> selectPackage(Suites.packageOf(p))).toList())
                .filters(ClassNameFilter.includeClassNamePatterns(".*Test"))
                .build());
        Map<Method, Optional<String>> tests = new HashMap<>();
        collect(plan, plan.getRoots(), tests);
        return tests;
    }

    private static void collect(TestPlan plan, Iterable<TestIdentifier> ids, Map<Method, Optional<String>> into) {
        for (TestIdentifier id : ids) {
            id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getJavaMethod())
                    .ifPresent(m -> into.put(m, Optional.ofNullable(m.getAnnotation(Verifies.class)).map(Verifies::value)));
            collect(plan, plan.getChildren(id), into);
        }
    }

    @Test
    void everyConformanceTestVerifiesOneRequirementOfItsPattern() {
        List<String> problems = new ArrayList<>();
        conformanceTests().forEach((method, id) -> {
            String where = method.getDeclaringClass().getSimpleName() + "." + method.getName();
            ConformanceSuite suite = method.getDeclaringClass().getAnnotation(ConformanceSuite.class);
            if (suite == null) {
                problems.add(where + " is in a class without @ConformanceSuite");
            } else if (id.isEmpty()) {
                problems.add(where + " has no @Verifies");
            } else {
                Optional<Requirement> r = Catalogue.bundled().find(id.get());
                if (r.isEmpty()) {
                    problems.add(where + " verifies " + id.get() + ", which the spec does not define");
                } else if (r.get().pattern() != suite.value()) {
                    problems.add(where + " verifies " + id.get() + " from another pattern than " + suite.value().id());
                } else if (!r.get().testable()) {
                    problems.add(where + " verifies " + id.get() + ", which the spec declares untestable");
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyTestableRequirementHasATest() {
        List<String> verified = conformanceTests().values().stream().flatMap(Optional::stream).toList();
        List<String> untested = Catalogue.bundled().all().stream()
                .filter(r -> r.testable() && !verified.contains(r.id())).map(Requirement::id).toList();
        assertTrue(untested.isEmpty(), "testable requirements without a test: " + untested);
    }
}
