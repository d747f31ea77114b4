package dev.commtck.reports;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.runner.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Everything a run leaves in its output folder: {@code index.html} (Allure, single file), {@code summary.json},
 * {@code summary.md}, and {@code spec/}, a copy of the spec documents that the reports link to.
 * {@code allure-results/} and {@code junit-xml/} are written by the run itself.
 */
public final class Reports {

    private Reports() {
    }

    public static void write(Path outDir, RunContext ctx, RunResult result) throws IOException {
        SummaryJson.write(outDir.resolve("summary.json"), ctx, result);
        SummaryMarkdown.write(outDir.resolve("summary.md"), ctx, result);
        copySpec(outDir.resolve("spec"));
        Path results = outDir.resolve("allure-results");
        AllureHtml.describeRun(results, ctx);
        AllureHtml.generate(List.of(results), outDir.resolve("index.html"));
    }

    /** The bundled spec documents, so that every requirement link in a report resolves offline. */
    static void copySpec(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : documents()) {
            try (InputStream in = Reports.class.getClassLoader().getResourceAsStream(Catalogue.RESOURCE_DIR + name)) {
                if (in != null) {
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static List<String> documents() {
        List<String> names = new java.util.ArrayList<>(List.of("README.md", "CHANGELOG.md"));
        for (Pattern p : Pattern.values()) {
            names.add(p.document());
        }
        return names;
    }
}
