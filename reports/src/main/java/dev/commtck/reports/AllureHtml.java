package dev.commtck.reports;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import io.qameta.allure.ConfigurationBuilder;
import io.qameta.allure.DefaultConfiguration;
import io.qameta.allure.Extension;
import io.qameta.allure.ReportGenerator;
import io.qameta.allure.context.FreemarkerContext;
import io.qameta.allure.ga.GaPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Allure side of a report, where each test shows its exchanges: run context and verdict categories next to the
 * results, then the single-file HTML report (the only kind that opens from {@code file://}), generated in-process by
 * Allure's own generator.
 */
final class AllureHtml {

    private AllureHtml() {
    }

    /** Adds {@code environment.properties}, {@code executor.json} and {@code categories.json} to a results folder. */
    static void describeRun(Path results, RunContext ctx) throws IOException {
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

    /**
     * Writes one self-contained HTML file from the results folders, named {@code reportName}, and says where each test
     * is in it.
     */
    static AllureLinks generate(List<Path> results, Path html, String reportName) throws IOException {
        AllureLinks links = new AllureLinks();
        List<Extension> extensions = new ArrayList<>();
        for (Extension e : ConfigurationBuilder.bundled().build().getExtensions()) {
            if (e instanceof FreemarkerContext) {
                extensions.add(new Template());
            } else if (!(e instanceof GaPlugin)) { // it would send the run's statistics to Google while generating
                extensions.add(e);
            }
        }
        extensions.add(links);
        Path work = Files.createTempDirectory("commtck-allure");
        try {
            new ReportGenerator(new DefaultConfiguration(reportName, extensions, List.of())).generateSingleFile(work, results);
            Files.move(work.resolve("index.html"), html, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return links;
    }

    /**
     * The page around Allure's app is CommTCK's own ({@code commtck/reports/allure/index.html.ftl} says how it differs);
     * Allure's other templates are its own.
     */
    private static final class Template extends FreemarkerContext {
        private final Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);

        Template() {
            configuration.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {
                new ClassTemplateLoader(AllureHtml.class, "/commtck/reports/allure"),
                new ClassTemplateLoader(FreemarkerContext.class, "/tpl")}));
            configuration.setOutputFormat(HTMLOutputFormat.INSTANCE);
        }

        @Override
        public Configuration getValue() {
            return configuration;
        }
    }
}
