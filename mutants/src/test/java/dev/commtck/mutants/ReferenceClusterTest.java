package dev.commtck.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.TckSettings;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RunRequest;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.TckRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference server as a service of several nodes, end to end: each node a process of its own ({@code commtck serve}
 * as ReferenceServerMain runs it), all on a database made for the test on the machine's PostgreSQL. Three nodes must
 * pass every check, single-node and cluster, with a node killed ({@code kill -9}) and started again in the middle of
 * the queue's work (MQ-CLUSTER-5) and the target itself restarted (MQ-DURABLE-1, -2); two nodes in memory, without the
 * database, must fail the node-kill check: it is shown to be able to fail. Skipped where PostgreSQL is not reachable,
 * unless {@code -Dcommtck.postgres.required=true}.
 */
class ReferenceClusterTest {

    static final String NODE_RESTART_COMMAND = "commtck.message-queue.node-restart-command";

    @TempDir
    Path work;

    @Test
    void threeNodesOnOneDatabasePassEveryCheck() throws Exception {
        PostgresDatabases.assumeReachable();
        String database = PostgresDatabases.fresh();
        try (Nodes nodes = Nodes.start(work, 3, "--database", database)) {
            Map<String, String> settings = nodes.settings();
            settings.put(MessageQueueRestartTest.RESTART_COMMAND, nodes.get(0).restartCommand());
            RunResult result = TckRunner.run(new RunRequest(nodes.get(0).uri(), Catalogue.bundled().patterns(), settings,
                    false, Runs.OUT.resolve("reference-cluster")));
            List<String> notPassed = result.requirements().stream()
                    .filter(r -> r.requirement().id().contains("-CLUSTER-") || r.requirement().id().startsWith("MQ-DURABLE"))
                    .filter(r -> r.verdict() != Verdict.PASS).map(r -> r.requirement().id() + "=" + r.verdict().label()).toList();
            assertEquals(List.of(), notPassed, () -> "cluster and durability requirements against three reference nodes on"
                    + " one database; problems " + Runs.problems(result) + "\n" + nodes.logs());
            assertEquals(ExitCodes.CONFORMING, result.exitCode(), () -> Runs.problems(result) + "\n" + nodes.logs());
        } finally {
            PostgresDatabases.drop(database);
        }
    }

    @Test
    void nodesInMemoryAreCaughtLosingMessagesWhenOneIsKilled() throws Exception {
        try (Nodes nodes = Nodes.start(work, 2)) {
            RunResult result = Runs.runOnly(nodes.get(0).uri(), Pattern.MESSAGE_QUEUE, "cluster-in-memory",
                    Set.of("MQ-CLUSTER-5"), nodes.settings());
            Verdict verdict = result.requirements().stream().filter(r -> r.requirement().id().equals("MQ-CLUSTER-5"))
                    .findFirst().orElseThrow().verdict();
            assertEquals(Verdict.FAIL, verdict, () -> "MQ-CLUSTER-5 against two reference nodes in memory, one killed: "
                    + Runs.problems(result) + "\n" + nodes.logs());
        }
    }

    /** Nodes of the reference server, each a process in a folder of its own ({@code node-1}, {@code node-2}…). */
    private record Nodes(List<ServerProcess> processes, Path work) implements AutoCloseable {

        static Nodes start(Path work, int count, String... options) throws Exception {
            List<ServerProcess> started = new ArrayList<>();
            Nodes nodes = new Nodes(started, work);
            try {
                for (int i = 1; i <= count; i++) {
                    started.add(ServerProcess.start(work.resolve("node-" + i), options));
                }
                return nodes;
            } catch (Exception | AssertionError e) {
                nodes.close();
                throw e;
            }
        }

        ServerProcess get(int i) {
            return processes.get(i);
        }

        /** The suites' settings: the other nodes, and the command that kills and restarts the one the kit names. */
        Map<String, String> settings() {
            Map<String, String> s = new java.util.HashMap<>();
            s.put(TckSettings.NODES, processes.stream().skip(1).map(p -> p.uri().toString()).collect(Collectors.joining(",")));
            s.put(NODE_RESTART_COMMAND, "sh " + work.resolve("node-") + "$COMMTCK_NODE_NUMBER/restart.sh");
            return s;
        }

        String logs() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < processes.size(); i++) {
                sb.append("node ").append(i + 1).append(" log:\n").append(processes.get(i).log()).append('\n');
            }
            return sb.toString();
        }

        @Override
        public void close() throws Exception {
            for (ServerProcess p : processes) {
                p.close();
            }
        }
    }
}
