package dev.commtck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.commtck.spec.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every command's help as a terminal shows it: no line longer than {@link CommTck#HELP_WIDTH}, and no word (an option,
 * a URL, a file name) cut in two where a line wraps. Words are compared with the same help rendered too wide to wrap.
 */
class HelpTest {

    /** {@code commtck} itself, then each of its commands. */
    static Stream<String> commands() {
        List<String> names = new ArrayList<>(List.of(""));
        names.addAll(CommTck.commandLine().getSubcommands().keySet());
        return names.stream();
    }

    @ParameterizedTest(name = "commtck {0} --help")
    @MethodSource("commands")
    void everyLineFitsTheWidthAndNoWordIsCutInTwo(String command) {
        String help = help(command, CommTck.HELP_WIDTH);
        for (String line : help.lines().toList()) {
            assertTrue(line.length() <= CommTck.HELP_WIDTH, () -> "longer than " + CommTck.HELP_WIDTH + ": " + line + "\n" + help);
        }
        List<String> cut = new ArrayList<>(words(help));
        words(help(command, 1000)).forEach(cut::remove);
        assertEquals(List.of(), cut, () -> "words cut where a line wraps:\n" + help);
    }

    @ParameterizedTest(name = "commtck {0} --help")
    @ValueSource(strings = {"run", "init", "spec"})
    void aCommandThatTakesPatternsNamesEveryOne(String command) {
        String help = help(command, CommTck.HELP_WIDTH);
        for (Pattern p : Pattern.values()) {
            assertTrue(help.contains(p.id()), () -> p.id() + " is missing:\n" + help);
        }
    }

    @ParameterizedTest(name = "commtck {0} --help")
    @ValueSource(strings = {"run", "init", "serve", "spec", "mutants"})
    void aCommandShowsHowItIsUsed(String command) {
        String help = help(command, CommTck.HELP_WIDTH);
        assertTrue(help.lines().anyMatch(l -> l.startsWith("  commtck ")), () -> "no example:\n" + help);
    }

    private static String help(String command, int width) {
        CommandLine cl = CommTck.commandLine();
        CommandLine shown = command.isEmpty() ? cl : cl.getSubcommands().get(command);
        return shown.setUsageHelpWidth(width).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).sorted().toList();
    }
}
