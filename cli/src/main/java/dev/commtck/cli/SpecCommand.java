package dev.commtck.cli;

import dev.commtck.spec.Catalogue;
import dev.commtck.spec.Pattern;
import dev.commtck.tck.runner.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code commtck spec PATTERN}: prints a pattern's spec document, as this version of the kit checks it. */
@Command(name = "spec", mixinStandardHelpOptions = true,
        description = {"Prints a pattern's spec document: its contract, settings and requirements.", "",
                "The document is the one this version of the kit checks; without a pattern, the spec's overview."},
        footerHeading = "%nExample:%n",
        footer = {"  commtck spec sse | less"})
final class SpecCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATTERN", arity = "0..1",
            description = "request-response, short-polling, long-polling, push, sse, message-queue or pub-sub.")
    String pattern;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String document;
        if (pattern == null) {
            document = "README.md";
        } else {
            try {
                document = RunSettings.patternsOf(pattern).get(0).document();
            } catch (RunSettings.Invalid e) {
                spec.commandLine().getErr().println("commtck: ERROR " + e.getMessage());
                return ExitCodes.NOT_EVALUATED;
            }
        }
        try (InputStream in = Pattern.class.getClassLoader().getResourceAsStream(Catalogue.RESOURCE_DIR + document)) {
            spec.commandLine().getOut().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
