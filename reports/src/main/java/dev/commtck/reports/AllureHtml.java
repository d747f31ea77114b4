package dev.commtck.reports;

import io.qameta.allure.ConfigurationBuilder;
import io.qameta.allure.ReportGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Allure side of a report: run context and verdict categories next to the results, then the single-file HTML
 * report (the only kind that opens from {@code file://}), generated in-process by Allure's own generator.
 */
public final class AllureHtml {

    private AllureHtml() {
    }

    /** Adds {@code environment.properties}, {@code executor.json} and {@code categories.json} to a results folder. */
    public static void describeRun(Path results, RunContext ctx) throws IOException {
        Files.createDirectories(results);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CommTCK", ctx.tckVersion());
        env.put("Spec", ctx.specVersion());
        env.put("Target", ctx.target() + (ctx.embedded() ? " (embedded reference server)" : ""));
        env.put("Patterns", ctx.patternIds());
        env.put("Tolerances", ctx.tolerances().toString());
        env.put("Strict", Boolean.toString(ctx.strict()));
        if ("https".equalsIgnoreCase(ctx.target().getScheme())) {
            env.put("TLS trust", ctx.tlsTrust());
        }
        if (!ctx.headers().isEmpty()) {
            env.put("Headers sent (values not recorded)", String.join(", ", ctx.headers()));
        }
        env.put("JDK", ctx.jdk());
        env.put("OS", ctx.os());
        StringBuilder props = new StringBuilder();
        env.forEach((k, v) -> props.append(k).append(" = ").append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(results.resolve("environment.properties"), props);

        var executor = SummaryJson.JSON.createObjectNode();
        executor.put("name", "CommTCK " + ctx.tckVersion());
        executor.put("type", "commtck");
        executor.put("buildName", "conformance of " + ctx.target() + " (" + ctx.patternIds() + ")");
        executor.put("reportName", "CommTCK conformance report");
        SummaryJson.JSON.writeValue(results.resolve("executor.json").toFile(), executor);

        try (InputStream in = AllureHtml.class.getResourceAsStream("/commtck/reports/categories.json")) {
            Files.copy(in, results.resolve("categories.json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes {@code index.html}, one self-contained file, from the results folders. */
    public static void generate(List<Path> results, Path indexHtml) throws IOException {
        Path work = Files.createTempDirectory("commtck-allure");
        try {
            new ReportGenerator(ConfigurationBuilder.bundled().withReportName("CommTCK conformance report").build())
                    .generateSingleFile(work, results);
            Files.move(work.resolve("index.html"), indexHtml, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
