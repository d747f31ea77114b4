package dev.commtck.mutants;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import dev.commtck.spec.Requirement;
import dev.commtck.tck.Verifies;
import dev.commtck.tck.runner.Suites;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The spec pages show, under each requirement, the tests that check it and the mutants that prove those tests can
 * fail ({@code - Tests:} and {@code - Mutants:}, generated). This keeps them current; {@code -Dcommtck.docs.update=true}
 * rewrites them.
 */
class SpecTraceabilityTest {

    private static final Path SPEC = Path.of("..", "spec");
    private static final java.util.regex.Pattern HEADING = java.util.regex.Pattern.compile("^###\\s+([A-Z]+(-[A-Z0-9]+)+-[0-9]+)\\s*$");

    @Test
    void specPagesListTheTestsAndMutantsOfEachRequirement() throws IOException {
        Map<String, String> lines = traceabilityLines();
        List<String> stale = new ArrayList<>();
        for (Pattern p : Catalogue.bundled().patterns()) {
            Path doc = SPEC.resolve(p.document());
            String current = Files.readString(doc);
            String expected = rewrite(current, lines);
            if (!expected.equals(current)) {
                if (Boolean.getBoolean("commtck.docs.update")) {
                    Files.writeString(doc, expected);
                } else {
                    stale.add(doc.toString());
                }
            }
        }
        assertTrue(stale.isEmpty(), "the Tests/Mutants lines of " + stale + " are out of date; regenerate them with "
                + "./mvnw -B verify -pl mutants -am -Dtest=SpecTraceabilityTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dcommtck.docs.update=true");
    }

    /** Requirement ID → its generated lines ({@code - Tests: …} and, where there are mutants, {@code - Mutants: …}). */
    private static Map<String, String> traceabilityLines() {
        Map<String, TreeSet<String>> tests = new TreeMap<>();
        for (Method m : conformanceTestMethods()) {
            Verifies v = m.getAnnotation(Verifies.class);
            Class<?> c = m.getDeclaringClass();
            String file = "../tck/src/main/java/" + c.getName().replace('.', '/') + ".java";
            tests.computeIfAbsent(v.value(), k -> new TreeSet<>()).add("[" + c.getSimpleName() + "." + m.getName() + "](" + file + ")");
        }
        Map<String, String> out = new TreeMap<>();
        for (Requirement r : Catalogue.bundled().all()) {
            if (!r.testable()) {
                continue;
            }
            StringBuilder sb = new StringBuilder("- Tests: ").append(String.join(", ", tests.getOrDefault(r.id(), new TreeSet<>())));
            String mutants = Mutants.all().stream().filter(m -> m.breaks().equals(r.id()))
                    .map(m -> "[`" + m.id() + "`](../docs/mutants.md)").collect(Collectors.joining(", "));
            if (!mutants.isEmpty()) {
                sb.append("\n- Mutants: ").append(mutants);
            }
            out.put(r.id(), sb.toString());
        }
        return out;
    }

    private static List<Method> conformanceTestMethods() {
        TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(Pattern.values()).map(p -> selectPackage(Suites.packageOf(p))).toList())
                .filters(ClassNameFilter.includeClassNamePatterns(".*Test"))
                .build());
        List<Method> methods = new ArrayList<>();
        collect(plan, plan.getRoots(), methods);
        return methods.stream().filter(m -> m.isAnnotationPresent(Verifies.class)).distinct().toList();
    }

    private static void collect(TestPlan plan, Iterable<TestIdentifier> ids, List<Method> into) {
        for (TestIdentifier id : ids) {
            id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getJavaMethod()).ifPresent(into::add);
            collect(plan, plan.getChildren(id), into);
        }
    }

    /** The document with each requirement's generated lines replaced, placed after its other facts. */
    static String rewrite(String doc, Map<String, String> lines) {
        String[] in = doc.split("\n", -1);
        List<String> out = new ArrayList<>();
        String current = null;
        int lastFact = -1;
        for (int i = 0; i < in.length; i++) {
            String line = in[i];
            Matcher h = HEADING.matcher(line);
            if (line.startsWith("#")) {
                insert(out, current, lastFact, lines);
                current = h.matches() ? h.group(1) : null;
                lastFact = -1;
                out.add(line);
                continue;
            }
            if (current != null && (line.startsWith("- Tests:") || line.startsWith("- Mutants:"))) {
                while (i + 1 < in.length && in[i + 1].startsWith("  ") && !in[i + 1].isBlank()) {
                    i++; // a continuation of the generated line
                }
                continue;
            }
            out.add(line);
            if (current != null && (line.startsWith("- ") || line.startsWith("  ") && lastFact == out.size() - 2)) {
                lastFact = out.size() - 1;
            }
        }
        insert(out, current, lastFact, lines);
        return String.join("\n", out);
    }

    private static void insert(List<String> out, String requirement, int lastFact, Map<String, String> lines) {
        if (requirement != null && lastFact >= 0 && lines.containsKey(requirement)) {
            out.addAll(lastFact + 1, List.of(lines.get(requirement).split("\n")));
        }
    }
}
