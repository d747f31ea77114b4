package dev.commtck.cli;

import dev.commtck.reports.RunContext;
import dev.commtck.spec.Catalogue;
import dev.commtck.tck.runner.ExitCodes;
import dev.commtck.tck.support.HttpProbe;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code commtck}: the conformance test kit's command line. */
@Command(name = "commtck", mixinStandardHelpOptions = true, versionProvider = CommTck.Version.class,
        subcommands = {InitCommand.class, RunCommand.class, ServeCommand.class, ReportCommand.class, SpecCommand.class,
                MutantsCommand.class,
                CommandLine.HelpCommand.class},
        description = {"Checks whether a server really implements request-response, short polling, long polling, "
                + "push, Server-Sent Events, a message queue and publish/subscribe, requirement by requirement.",
                "", "Exit codes: 0 every MUST holds; 1 a MUST fails; 2 the run could not be evaluated."},
        footer = {"", "Start with 'commtck run', which checks the embedded reference server.",
                "A command's options, with examples: commtck COMMAND --help"})
public final class CommTck {

    /**
     * Where every command's help wraps (at word boundaries): a terminal's default width, so that no line is wrapped
     * again by the terminal.
     */
    static final int HELP_WIDTH = 80;

    public static void main(String[] args) {
        // The JDK client buffers up to 384 KiB of header section per response by default: against a server that sends
        // huge header sections, the checks that send a hundred requests at once would hold the runner's heap. This
        // process is the runner's own, so it bounds them as the raw clients do (a user's own setting wins).
        if (System.getProperty(HttpProbe.JDK_MAX_HEADER_SIZE) == null) {
            System.setProperty(HttpProbe.JDK_MAX_HEADER_SIZE, Integer.toString(HttpProbe.MAX_HEADER_BYTES));
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        // picocli's exit code for bad arguments is already 2, the kit's "could not be evaluated"
        return new CommandLine(new CommTck())
                .setUsageHelpWidth(HELP_WIDTH)
                .setParameterExceptionHandler((e, args) -> {
                    // one line, not a usage dump: the help is one command away
                    CommandLine cmd = e.getCommandLine();
                    // picocli 4.7 says "option option '--param'" for a map option's malformed entry
                    cmd.getErr().println("commtck: ERROR " + e.getMessage().replace("option option", "option") + " (see "
                            + cmd.getCommandSpec().qualifiedName() + " --help)");
                    return ExitCodes.NOT_EVALUATED;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("commtck: ERROR " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    if (Boolean.getBoolean("commtck.debug")) {
                        e.printStackTrace(cmd.getErr());
                    }
                    return ExitCodes.NOT_EVALUATED;
                });
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"CommTCK " + RunContext.kitVersion() + ", spec " + Catalogue.bundled().specVersion()};
        }
    }
}
