package pagoda.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad arguments: one line naming the option and what was expected, status 2, no stack trace. */
class ArgumentsTest {

    private static void assertBadArguments(Cli r, String... expectedParts) {
        assertEquals(Main.EXIT_BAD_ARGUMENTS, r.status(), r.toString());
        assertEquals("", r.out(), r.toString());
        assertEquals(1, r.err().lines().count(), "expected one line:\n" + r.err());
        for (String part : expectedParts) {
            assertTrue(r.err().contains(part), "'" + part + "' missing from: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void zeroSizeNamesTheOptionAndWhatWasExpected() {
        assertBadArguments(Cli.run("bench", "gemm", "--m", "0", "--n", "1", "--k", "1"),
                "pagoda bench gemm", "--m", "expected a positive integer", "'0'");
    }

    @Test
    void notANumber() {
        assertBadArguments(Cli.run("bench", "conv", "--n", "1", "--c", "x", "--h", "4", "--w", "4", "--k", "1"),
                "--c", "expected a positive integer", "'x'");
    }

    @Test
    void negativePadding() {
        assertBadArguments(Cli.run("bench", "conv", "--n", "1", "--c", "1", "--h", "4", "--w", "4", "--k", "1", "--pad", "-1"),
                "--pad", "expected an integer >= 0");
    }

    @Test
    void missingRequiredOption() {
        assertBadArguments(Cli.run("bench", "gemm", "--m", "4", "--k", "4"), "Missing required option", "--n");
    }

    @Test
    void unknownOption() {
        assertBadArguments(Cli.run("bench", "gemm", "--m", "4", "--n", "4", "--k", "4", "--frobnicate"), "--frobnicate");
    }

    @Test
    void misspelledCommandGetsASuggestion() {
        assertBadArguments(Cli.run("bench", "gemn"), "'gemn'", "did you mean gemm");
    }

    @Test
    void zeroThreads() {
        assertBadArguments(Cli.run("bench", "peak", "--threads", "0"), "--threads", "expected a positive integer");
    }

    @Test
    void nonPositivePeak() {
        assertBadArguments(Cli.run("bench", "gemm", "--m", "4", "--n", "4", "--k", "4", "--peak", "-3"),
                "--peak", "expected a positive number");
    }

    @Test
    void kernelLargerThanInputNamesTheOptions() {
        assertBadArguments(Cli.run("bench", "conv", "--n", "1", "--c", "1", "--h", "3", "--w", "3", "--k", "1",
                "--kernel", "7", "--pad", "1", "--threads", "1", "--peak", "1"), "--kernel 7", "--h 3", "--pad 1");
    }

    @Test
    void tensorLargerThanAHostArrayIsABadArgument() {
        assertBadArguments(Cli.run("bench", "gemm", "--m", "50000", "--n", "1", "--k", "50000", "--threads", "1", "--peak", "1"),
                "A [--m, --k]", "2500000000 elements");
    }

    @Test
    void tensorsBeyondTheHeapAreARuntimeErrorWithAHint() {
        Cli r = Cli.run("bench", "gemm", "--m", "46000", "--n", "46000", "--k", "46000", "--threads", "1", "--peak", "1");
        assertEquals(Main.EXIT_RUNTIME_ERROR, r.status(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("heap") && r.err().contains("-Xmx"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void debugShowsTheStackTrace() {
        Cli r = Cli.run("bench", "gemm", "--m", "0", "--n", "1", "--k", "1", "--debug");
        assertEquals(Main.EXIT_BAD_ARGUMENTS, r.status(), r.toString());
        assertTrue(r.err().contains("\tat "), r.err());
    }
}
