package dev.commtck.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.reference.ReferenceServer;
import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Level;
import dev.commtck.spec.Requirement;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunResult;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A check that cannot fail is a defect: every mutant must be caught by the very requirement it breaks (FAIL for a
 * MUST, WARN for a SHOULD), and every testable MUST must have a mutant. The mutation matrix (mutant × requirements
 * that did not pass) is written to {@code target/mutation-matrix.md} and {@code .json}; {@code docs/mutants.md} lists
 * the mutants and is kept identical to them.
 *
 * <p>By default each mutant meets only the tests of the requirement it breaks, which is what the gate needs and keeps
 * the build short. {@code -Dcommtck.mutation.full=true} runs the mutant's whole pattern instead, for the full matrix:
 * which other requirements a fault also trips (ideally none).
 */
class MutationTest {

    private static final boolean FULL = Boolean.getBoolean("commtck.mutation.full");
    /** {@code -Dcommtck.mutation.only=id,id}: only these mutants meet the kit (while working on them). */
    private static final String ONLY = "commtck.mutation.only";

    private static final Path DOC = Path.of("..", "docs", "mutants.md");
    private static final String UPDATE = "commtck.docs.update";

    /** Mutant id → requirement id → verdict, for every requirement that did not pass. */
    private static final Map<String, Map<String, Verdict>> MATRIX = new ConcurrentHashMap<>();

    static List<Mutant> mutants() {
        List<String> only = List.of(System.getProperty(ONLY, "").split(",")).stream().filter(id -> !id.isBlank()).toList();
        return only.isEmpty() ? Mutants.all() : Mutants.all().stream().filter(m -> only.contains(m.id())).toList();
    }

    @ParameterizedTest(name = "{0} ({1}) is caught")
    @MethodSource("mutants")
    void mutantIsCaughtByTheRequirementItBreaks(Mutant mutant, @TempDir Path work) throws Exception {
        Requirement broken = Catalogue.bundled().require(mutant.breaks());
        RunResult result;
        if (mutant.restarts()) {
            // a durability fault: the mutant runs as a process of its own, which the run kills and starts again
            try (ServerProcess server = ServerProcess.startMutant(work, mutant.id())) {
                Map<String, String> settings = new HashMap<>(mutant.settings());
                settings.put(MessageQueueRestartTest.RESTART_COMMAND, server.restartCommand());
                result = run(server.uri(), mutant, broken, settings);
            }
        } else if (mutant.nodes().isPresent()) {
            // a fault between nodes: the mutant runs as several nodes, on a database of their own if they share one
            try (MutantCluster cluster = MutantCluster.start(mutant)) {
                result = run(cluster.target(), mutant, broken, cluster.withNodes(mutant.settings()));
            }
        } else {
            try (ReferenceServer server = mutant.start("127.0.0.1", 0)) {
                result = run(server.uri(), mutant, broken, mutant.settings());
            }
        }
        MATRIX.put(mutant.id(), result.requirements().stream()
                .filter(r -> r.verdict() != Verdict.PASS && r.verdict() != Verdict.NOT_APPLICABLE)
                .collect(Collectors.toMap(r -> r.requirement().id(), r -> r.verdict(), (a, b) -> a, TreeMap::new)));
        Verdict expected = broken.level() == Level.SHOULD ? Verdict.WARN : Verdict.FAIL;
        Verdict actual = result.requirements().stream().filter(r -> r.requirement().id().equals(broken.id()))
                .findFirst().orElseThrow().verdict();
        assertEquals(expected, actual, () -> mutant.id() + " (" + mutant.description() + ") must get " + expected.label()
                + " on " + broken.id() + "; the run found " + Runs.problems(result));
        // a SHOULD only warns; a MAY the server offers binds like a MUST
        assertEquals(broken.level() == Level.SHOULD ? ExitCodes.CONFORMING : ExitCodes.NONCONFORMING, result.exitCode(),
                () -> "exit code of a run against " + mutant.id() + "; problems " + Runs.problems(result));
    }

    /** Its pattern's whole suite ({@link #FULL}), or the tests of the requirement it breaks. */
    private static RunResult run(URI target, Mutant mutant, Requirement broken, Map<String, String> settings) {
        return FULL ? Runs.run(target, mutant.pattern(), mutant.id(), settings)
                : Runs.runOnly(target, mutant.pattern(), mutant.id(), Set.of(broken.id()), settings);
    }

    @Test
    void everyTestableMustHasAMutant() {
        Set<String> broken = Mutants.all().stream().map(Mutant::breaks).collect(Collectors.toSet());
        List<String> unguarded = Catalogue.bundled().all().stream()
                .filter(r -> r.level() == Level.MUST && r.testable() && !broken.contains(r.id()))
                .map(Requirement::id).toList();
        assertTrue(unguarded.isEmpty(), "MUST requirements that no mutant breaks, so nothing proves their tests can fail: "
                + unguarded);
    }

    @Test
    void mutantIdsAreUniqueAndNameTheirPattern() {
        List<String> ids = Mutants.all().stream().map(Mutant::id).toList();
        assertEquals(ids.size(), Set.copyOf(ids).size(), "duplicate mutant ids in " + ids);
        for (Mutant m : Mutants.all()) {
            assertTrue(m.id().startsWith(m.pattern().prefix().toLowerCase(java.util.Locale.ROOT) + "-"),
                    m.id() + " should start with the prefix of " + m.pattern().id());
        }
    }

    @Test
    void theDocsListEveryMutant() throws IOException {
        String expected = MutationMatrix.catalogue(Mutants.all());
        if (Boolean.getBoolean(UPDATE)) {
            Files.writeString(DOC, expected);
        }
        assertEquals(expected, Files.exists(DOC) ? Files.readString(DOC) : "",
                "docs/mutants.md is out of date; regenerate it with ./mvnw -pl mutants -am verify -D" + UPDATE + "=true");
    }

    @AfterAll
    static void writeTheMatrix() throws IOException {
        if (!MATRIX.isEmpty()) {
            MutationMatrix.write(Path.of("target"), Mutants.all(), MATRIX, FULL);
        }
    }
}
