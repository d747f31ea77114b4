package dev.commtck.reports;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything a run leaves in its output folder: {@code index.html} (Allure, one self-contained file),
 * {@code summary.json}, {@code summary.md}, and {@code spec/}, a copy of the spec documents the reports link to.
 * Each target's {@code allure-results/} and {@code junit-xml/} are written by its run: in the folder itself for one
 * target, in {@code targets/<label>-<host>-<port>/} for several.
 */
public final class Reports {

    private Reports() {
    }

    public static void write(Path outDir, List<TargetRun> runs) throws IOException {
        boolean single = runs.size() == 1;
        List<Path> results = new ArrayList<>();
        for (TargetRun t : runs) {
            Path r = t.dir().resolve("allure-results");
            AllureResults.finish(r, t.result(), single ? null : t.title());
            AllureHtml.describeRun(r, t.context());
            results.add(r);
        }
        SummaryJson.write(outDir.resolve("summary.json"), runs);
        SummaryMarkdown.write(outDir.resolve("summary.md"), runs);
        copySpec(outDir.resolve("spec"));
        AllureHtml.generate(results, outDir.resolve("index.html"));
    }

    /** {@code commtck report DIR}: the HTML report again, from the Allure results a run left in DIR. */
    public static Path rebuild(Path dir) throws IOException {
        List<Path> results = new ArrayList<>();
        if (Files.isDirectory(dir.resolve("allure-results"))) {
            results.add(dir.resolve("allure-results"));
        }
        Path targets = dir.resolve("targets");
        if (Files.isDirectory(targets)) {
            try (Stream<Path> s = Files.list(targets)) {
                s.map(t -> t.resolve("allure-results")).filter(Files::isDirectory).sorted().forEach(results::add);
            }
        }
        if (results.isEmpty()) {
            throw new IOException(dir + " holds no allure-results/ (nor targets/*/allure-results/) from a run");
        }
        Path index = dir.resolve("index.html");
        AllureHtml.generate(results, index);
        return index;
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
        List<String> names = new ArrayList<>(List.of("README.md", "CHANGELOG.md"));
        for (Pattern p : Pattern.values()) {
            names.add(p.document());
        }
        return names;
    }
}
