package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {

    @Test
    void helpListsEverySubcommandWithItsDescription() {
        Cli top = Cli.run("--help");
        assertEquals(0, top.status(), top.toString());
        assertEveryCommandListed(new CommandLine(new Main()), top.out());
        Cli bench = Cli.run("bench", "--help");
        assertEquals(0, bench.status(), bench.toString());
        assertEveryCommandListed(new CommandLine(new Main()).getSubcommands().get("bench"), bench.out());
    }

    @Test
    void helpMentionsTheLauncherCommands() {
        String out = Cli.run("--help").out();
        assertTrue(out.contains("test ") && out.contains("jdk "), out);
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : List.of(new String[] {"demo"}, new String[] {"info"}, new String[] {"bench", "gemm"},
                new String[] {"bench", "conv"}, new String[] {"bench", "peak"})) {
            String[] args = Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            Cli r = Cli.run(args);
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.out().startsWith("Usage: pagoda " + String.join(" ", cmd)), r.out());
        }
    }

    @Test
    void versionNamesTheProjectAndTheJdk() {
        Cli r = Cli.run("--version");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("pagoda-j ") && r.out().contains("JDK " + Runtime.version()), r.out());
    }

    @Test
    void noCommandPrintsTheUsageAndFails() {
        Cli r = Cli.run();
        assertEquals(Main.EXIT_BAD_ARGUMENTS, r.status(), r.toString());
        assertTrue(r.err().startsWith("Usage: pagoda"), r.err());
    }

    private static void assertEveryCommandListed(CommandLine parent, String help) {
        List<String> lines = help.lines().toList();
        assertTrue(!parent.getSubcommands().isEmpty());
        parent.getSubcommands().forEach((name, sub) -> {
            String description = sub.getCommandSpec().usageMessage().description()[0];
            String firstWords = description.substring(0, Math.min(20, description.length()));
            assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith(name + " ") && l.contains(firstWords)),
                    "'" + name + "' with its description is not listed in:\n" + help);
        });
    }
}
