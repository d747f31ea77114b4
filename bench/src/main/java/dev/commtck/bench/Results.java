package dev.commtck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/** Writes the results table, Markdown and JSON, with the machine it was measured on. */
final class Results {

    private Results() {
    }

    static void write(Path dir, String name, Map<String, String> machine, int rounds, List<Figure> figures) throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder("# CommTCK benchmark results\n\n");
        machine.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("- Rounds: ").append(rounds).append(" (each figure is the median of its rounds; a ratio is the median of")
                .append(" the per-round ratios, both servers measured in the same round; a goal is met by the median,")
                .append(" or by each round where it says \"in every round\")\n\n");
        md.append("| workload | measure | reference | baseline | ratio | goal | met |\n|---|---|---|---|---|---|---|\n");
        ObjectNode json = new ObjectMapper().createObjectNode();
        ObjectNode m = json.putObject("machine");
        machine.forEach(m::put);
        json.put("rounds", rounds);
        ArrayNode rows = json.putArray("figures");
        for (Figure f : figures) {
            md.append("| ").append(f.workload()).append(" | ").append(f.measure()).append(" | ").append(Figure.fmt(round(f.median())))
                    .append(" | ").append(f.hasBaseline() ? Figure.fmt(round(f.baselineMedian())) + " (" + f.baseline() + ")" : "")
                    .append(" | ").append(f.hasBaseline() ? f.ratioText() : "")
                    .append(" | ").append(f.goal()).append(" | ").append(f.met() == null ? "" : f.met() ? "yes" : "**no**")
                    .append(" |\n");
            ObjectNode row = rows.addObject().put("workload", f.workload().strip()).put("measure", f.measure());
            row.put("median", f.median());
            ArrayNode values = row.putArray("values");
            f.values().forEach(values::add);
            if (f.hasBaseline()) {
                row.put("baseline", f.baseline()).put("baselineMedian", f.baselineMedian()).put("ratio", f.ratio());
                ArrayNode bv = row.putArray("baselineValues");
                f.baselines().forEach(bv::add);
            }
            if (!f.goal().isEmpty()) {
                row.put("goal", f.goal());
            }
            if (f.met() != null) {
                row.put("met", f.met());
            }
        }
        Files.writeString(dir.resolve(name + ".md"), md);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(name + ".json").toFile(), json);
    }

    /** Three significant digits are all a noisy machine gives. */
    private static double round(double v) {
        if (v == 0 || Double.isNaN(v)) {
            return v;
        }
        double scale = Math.pow(10, 2 - (int) Math.floor(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }

    static String date() {
        return ZonedDateTime.now().toString();
    }
}
