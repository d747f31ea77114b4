package dev.commtck.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commtck.spec.Requirement;
import dev.commtck.tck.runner.RequirementOutcome;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.TestOutcome;
import java.io.IOException;
import java.nio.file.Path;

/** {@code summary.json}: the run's context and one entry per requirement, for CI scripts and other tools. */
public final class SummaryJson {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    public static ObjectNode toJson(RunContext ctx, RunResult result) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode run = root.putObject("run");
        run.put("tckVersion", ctx.tckVersion());
        run.put("specVersion", ctx.specVersion());
        run.put("target", ctx.target().toString());
        run.put("embeddedReferenceServer", ctx.embedded());
        run.put("patterns", ctx.patternIds());
        run.put("tolerances", ctx.tolerances().toString());
        run.put("strict", ctx.strict());
        run.put("jdk", ctx.jdk());
        run.put("os", ctx.os());
        run.put("startedAt", ctx.startedAt().toString());
        run.put("durationMs", result.durationMs());
        run.put("exitCode", result.exitCode());
        run.put("conclusion", Verdicts.conclusion(result));
        run.put("tests", result.tests().size());

        ArrayNode requirements = root.putArray("requirements");
        for (RequirementOutcome ro : result.requirements()) {
            Requirement r = ro.requirement();
            ObjectNode n = requirements.addObject();
            n.put("id", r.id());
            n.put("level", r.level().name());
            n.put("pattern", r.pattern().id());
            n.put("verdict", ro.verdict().label());
            n.put("statement", r.statement());
            n.put("spec", "spec/" + r.anchor());
            if (!r.testable()) {
                n.put("untestable", r.untestable());
            }
            ArrayNode tests = n.putArray("tests");
            for (TestOutcome t : ro.tests()) {
                ObjectNode tn = tests.addObject();
                tn.put("name", t.testClass() + " › " + t.name());
                tn.put("verdict", t.verdict().label());
                tn.put("durationMs", t.durationMs());
                if (!t.category().isEmpty()) {
                    tn.put("category", t.category());
                }
                if (!t.message().isEmpty()) {
                    tn.put("message", t.message());
                }
            }
        }
        return root;
    }

    public static void write(Path file, RunContext ctx, RunResult result) throws IOException {
        JSON.writeValue(file.toFile(), toJson(ctx, result));
    }
}
