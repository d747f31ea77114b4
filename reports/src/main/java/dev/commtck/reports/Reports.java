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
 * Everything a run leaves in its output folder: {@code index.html}, the verdict page (each target's verdict, what decides
 * it, every requirement's verdict); {@code allure.html}, Allure's report of every test with its exchanges (one
 * self-contained file); {@code summary.json}, {@code summary.md}, and {@code spec/}, a copy of the spec documents the
 * reports link to. Each target's {@code allure-results/} and {@code junit-xml/} are written by its run: in the folder
 * itself for one target, in {@code targets/<label>/} for several.
 */
public final class Reports {

    /** The verdict page, which a report folder opens with. */
    public static final String INDEX = "index.html";
    /** Allure's report, the verdict page's drill-down. */
    public static final String ALLURE = "allure.html";
    static final String SUMMARY_JSON = "summary.json";

    private Reports() {
    }

    public static void write(Path outDir, List<TargetRun> runs) throws IOException {
        boolean single = runs.size() == 1;
        List<Path> results = new ArrayList<>();
        for (TargetRun t : runs) {
            Path r = t.dir().resolve("allure-results");
            AllureResults.finish(r, t, single);
            AllureHtml.describeRun(r, t.context());
            results.add(r);
        }
        SummaryJson.write(outDir.resolve(SUMMARY_JSON), runs);
        copySpec(outDir.resolve("spec"));
        writePages(outDir, results);
    }

    /**
     * {@code commtck report DIR}: the pages again, from the summary and the Allure results a run left in DIR (the
     * Allure report's test IDs are new each time, so the verdict page that links to them is made anew with it).
     */
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
        writePages(dir, results);
        return dir.resolve(INDEX);
    }

    private static void writePages(Path dir, List<Path> results) throws IOException {
        Summary summary = Summary.read(dir.resolve(SUMMARY_JSON));
        Files.writeString(dir.resolve("summary.md"), SummaryMarkdown.render(summary));
        AllureLinks links = AllureHtml.generate(results, dir.resolve(ALLURE), VerdictPage.title(summary));
        Files.writeString(dir.resolve(INDEX), VerdictPage.render(summary, links));
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
