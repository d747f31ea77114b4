package dev.commtck.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commtck.spec.Requirement;
import dev.commtck.tck.Verdict;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.runner.RequirementOutcome;
import dev.commtck.tck.runner.RunResult;
import dev.commtck.tck.runner.TestOutcome;
import dev.commtck.tck.runner.Waiver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code summary.json}: the run's context and one entry per requirement (id, level, pattern, verdict, tests), for CI
 * scripts and other tools. With several targets, each requirement also has its verdict per target ({@code byTarget})
 * and its {@code verdict} is the worst of them. It is also what {@code summary.md} and {@code index.html} are made from,
 * so that {@code commtck report DIR} can make them again.
 */
public final class SummaryJson {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    public static ObjectNode toJson(List<TargetRun> runs) {
        RunContext ctx = runs.get(0).context();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode run = root.putObject("run");
        run.put("tckVersion", ctx.tckVersion());
        run.put("specVersion", ctx.specVersion());
        run.put("patterns", ctx.patternIds());
        run.put("tolerances", ctx.tolerances().toString());
        run.put("strict", ctx.strict());
        run.put("repeat", runs.get(0).result().request().repeat());
        run.put("allowFlaky", runs.get(0).result().request().allowFlaky());
        run.put("jdk", ctx.jdk());
        run.put("os", ctx.os());
        run.put("startedAt", ctx.startedAt().toString());
        int exitCode = ExitCodes.combine(runs.stream().map(t -> t.result().exitCode()).toList());
        run.put("exitCode", exitCode);
        run.put("verdict", Verdicts.headline(exitCode));
        ArrayNode targets = run.putArray("targets");
        for (TargetRun t : runs) {
            ObjectNode n = targets.addObject();
            n.put("label", t.label());
            n.put("title", t.title());
            n.put("target", t.context().target().toString());
            n.put("embeddedReferenceServer", t.context().embedded());
            n.put("tlsTrust", t.context().tlsTrust());
            t.context().headers().forEach(n.putArray("headers")::add);
            n.put("exitCode", t.result().exitCode());
            n.put("verdict", Verdicts.headline(t.result().exitCode()));
            n.put("conclusion", Verdicts.conclusion(t.result()));
            ObjectNode counts = n.putObject("counts");
            for (Verdict v : Verdict.values()) {
                if (t.result().count(v) > 0) {
                    counts.put(v.label(), t.result().count(v));
                }
            }
            ArrayNode notFound = n.putArray("notFound");
            new TreeMap<>(t.result().request().notFound()).forEach((pattern, line) -> notFound.addObject()
                    .put("pattern", pattern.id()).put("request", Verdicts.notFoundRequest(line)));
            n.put("tests", t.result().tests().size());
            n.put("durationMs", t.result().durationMs());
            n.putObject("kitDelay").put("lostMs", t.result().kitDelay().lostMs())
                    .put("longestMs", t.result().kitDelay().longestMs());
            ArrayNode waivers = n.putArray("waivers");
            for (Waiver.Outcome w : t.result().waivers()) {
                waivers.addObject().put("id", w.waiver().id()).put("status", w.status().name()).put("message", w.message());
            }
        }
        ArrayNode requirements = root.putArray("requirements");
        List<RequirementOutcome> first = runs.get(0).result().requirements();
        for (int i = 0; i < first.size(); i++) {
            Requirement r = first.get(i).requirement();
            ObjectNode n = requirements.addObject();
            n.put("id", r.id());
            n.put("level", r.level().name());
            n.put("pattern", r.pattern().id());
            Verdict worst = Verdict.UNTESTED;
            for (TargetRun t : runs) {
                worst = worst.worst(t.result().requirements().get(i).verdict());
            }
            n.put("verdict", runs.size() == 1 ? Verdicts.shown(runs.get(0).result(), first.get(i)) : worst.label());
            n.put("statement", r.statement());
            n.put("spec", "spec/" + r.anchor());
            if (!r.testable()) {
                n.put("untestable", r.untestable());
            }
            if (runs.size() == 1) {
                putTests(n, first.get(i));
            } else {
                ArrayNode byTarget = n.putArray("byTarget");
                for (TargetRun t : runs) {
                    RequirementOutcome ro = t.result().requirements().get(i);
                    ObjectNode tn = byTarget.addObject().put("label", t.label()).put("verdict", Verdicts.shown(t.result(), ro));
                    putTests(tn, ro);
                }
            }
        }
        return root;
    }

    private static void putTests(ObjectNode n, RequirementOutcome ro) {
        ArrayNode tests = n.putArray("tests");
        for (TestOutcome t : ro.tests()) {
            ObjectNode tn = tests.addObject();
            tn.put("name", t.testClass() + " › " + t.name());
            tn.put("id", t.uniqueId());
            tn.put("verdict", t.verdict().label());
            tn.put("durationMs", t.durationMs());
            if (!t.category().isEmpty()) {
                tn.put("category", t.category());
            }
            if (!t.message().isEmpty()) {
                tn.put("reason", Verdicts.reason(t.message()));
                tn.put("message", t.message());
            }
        }
    }

    public static void write(Path file, List<TargetRun> runs) throws IOException {
        JSON.writeValue(file.toFile(), toJson(runs));
    }
}
