package dev.commtck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.commtck.mutants.Mutant;
import dev.commtck.mutants.Mutants;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MutantsCommandTest {

    @Test
    void theSuggestedRunNamesTheMutantsPatternAndTheSettingsItsFaultNeeds() {
        assertEquals("./commtck run --target http://127.0.0.1:2001 --patterns request-response",
                MutantsCommand.tryCommand("127.0.0.1", 2001, Mutants.byId("rr-pong-newline")));
        assertEquals("./commtck run --target http://127.0.0.1:2001 --patterns push -P push.keepalive=1000",
                MutantsCommand.tryCommand("127.0.0.1", 2001, Mutants.byId("push-no-keepalive")));
    }

    @Test
    void aHostileServerGetsAPlainRun() {
        assertEquals("./commtck run --target http://127.0.0.1:2001", MutantsCommand.tryCommand("127.0.0.1", 2001, Optional.empty()));
    }

    @Test
    void theListingKeepsItsColumnsForTheLongestNamesAndRequirementIds() {
        Cli cli = Cli.run("mutants");
        List<String> lines = cli.outLines();
        int breaks = lines.get(0).indexOf("BREAKS");
        int fault = lines.get(0).indexOf("FAULT");
        for (Mutant m : Mutants.all()) {
            String row = lines.stream().filter(l -> l.startsWith(m.id() + " ")).findFirst().orElseThrow();
            assertEquals(breaks, row.indexOf(" " + m.breaks() + " ") + 1, row);
            assertEquals(fault, row.indexOf(m.description()), row);
        }
    }
}
