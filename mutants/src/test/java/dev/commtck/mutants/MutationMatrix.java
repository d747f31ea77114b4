package dev.commtck.mutants;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The mutation matrix and the mutant catalogue, as Markdown and JSON. */
final class MutationMatrix {

    private MutationMatrix() {
    }

    /** {@code docs/mutants.md}: every mutant, the requirement it breaks, and how. */
    static String catalogue(List<Mutant> mutants) {
        StringBuilder sb = new StringBuilder("""
                # Mutants

                Deliberately broken variants of the reference server. Each breaks one requirement, and the build
                (`MutationTest`) requires the TCK to fail it on exactly that requirement: a check that cannot fail
                is a defect. Run any of them with `./commtck mutants serve <id>` to watch the kit catch it, or to
                check that your network path (proxy, gateway) keeps the fault visible. Generated from the code
                (`mutants/src/main/java`); the build checks that this page is current.

                """);
        for (Pattern p : Pattern.values()) {
            List<Mutant> mine = mutants.stream().filter(m -> m.pattern() == p).toList();
            if (mine.isEmpty()) {
                continue;
            }
            sb.append("## ").append(p.title()).append("\n\n| mutant | breaks | level | fault |\n|---|---|---|---|\n");
            for (Mutant m : mine) {
                sb.append("| `").append(m.id()).append("` | [").append(m.breaks()).append("](../spec/")
                        .append(Catalogue.bundled().require(m.breaks()).anchor()).append(") | ")
                        .append(Catalogue.bundled().require(m.breaks()).level()).append(" | ")
                        .append(m.description().replace("|", "\\|")).append(" |\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code mutation-matrix.md} and {@code .json}: for each mutant, every requirement that did not pass. */
    static void write(Path dir, List<Mutant> mutants, Map<String, Map<String, Verdict>> matrix, boolean full) throws IOException {
        StringBuilder md = new StringBuilder("# Mutation matrix\n\nFor each mutant: the requirement it breaks, whether "
                + "that requirement caught it, and every requirement that did not pass"
                + (full ? " (each mutant met its whole pattern's suite).\n\n"
                        : " (each mutant met only the tests of the requirement it breaks; -Dcommtck.mutation.full=true runs"
                        + " the whole pattern).\n\n")
                + "| mutant | breaks | caught | requirements that did not pass |\n|---|---|---|---|\n");
        ObjectNode json = new ObjectMapper().createObjectNode();
        ArrayNode rows = json.putArray("mutants");
        for (Mutant m : mutants) {
            Map<String, Verdict> found = matrix.get(m.id());
            if (found == null) {
                continue;
            }
            boolean caught = found.containsKey(m.breaks());
            md.append("| `").append(m.id()).append("` | ").append(m.breaks()).append(" | ").append(caught ? "yes" : "**NO**")
                    .append(" | ").append(found.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().label())
                            .collect(Collectors.joining(", "))).append(" |\n");
            ObjectNode row = rows.addObject().put("mutant", m.id()).put("breaks", m.breaks()).put("caught", caught);
            ObjectNode failing = row.putObject("notPassing");
            found.forEach((id, v) -> failing.put(id, v.label()));
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("mutation-matrix.md"), md);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("mutation-matrix.json").toFile(), json);
    }
}
