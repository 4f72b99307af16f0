package pagoda.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Epoch-wise permutations that resume exactly from (seed, position). */
class ShuffleStreamTest {
    @Test
    void everyEpochIsAPermutationAndEpochsDiffer() {
        int n = 257;
        ShuffleStream s = new ShuffleStream(n, 42);
        int[][] epochs = new int[3][n];
        for (int e = 0; e < 3; e++) {
            for (int k = 0; k < n; k++) {
                epochs[e][k] = s.next();
            }
            int[] sorted = epochs[e].clone();
            Arrays.sort(sorted);
            for (int k = 0; k < n; k++) {
                assertEquals(k, sorted[k], "epoch " + e + " visits every index once");
            }
        }
        assertFalse(Arrays.equals(epochs[0], epochs[1]));
        assertFalse(Arrays.equals(epochs[1], epochs[2]));
        assertEquals(3, s.epoch());
    }

    @Test
    void resumingFromAnyStateContinuesExactly() {
        int n = 50;
        ShuffleStream whole = new ShuffleStream(n, 7);
        ShuffleStream.Batch[] batches = new ShuffleStream.Batch[9];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = whole.next(17);
        }
        for (int cut = 0; cut < batches.length; cut++) {
            ShuffleStream head = new ShuffleStream(n, 7);
            for (int i = 0; i < cut; i++) {
                head.next(17);
            }
            ShuffleStream.State saved = head.state();
            ShuffleStream resumed = ShuffleStream.resume(n, new ShuffleStream.State(saved.seed(), saved.position()));
            for (int i = cut; i < batches.length; i++) {
                ShuffleStream.Batch b = resumed.next(17);
                assertEquals(batches[i].position(), b.position());
                assertArrayEquals(batches[i].indices(), b.indices(), "batch " + i + " after resuming at batch " + cut);
                assertArrayEquals(batches[i].flips(), b.flips());
            }
        }
    }

    @Test
    void seedsGiveDifferentOrdersAndFlipsAreBalanced() {
        ShuffleStream a = new ShuffleStream(1000, 1);
        ShuffleStream b = new ShuffleStream(1000, 2);
        ShuffleStream.Batch ba = a.next(1000);
        assertNotEquals(Arrays.toString(ba.indices()), Arrays.toString(b.next(1000).indices()));
        int flips = 0;
        for (boolean f : ba.flips()) {
            flips += f ? 1 : 0;
        }
        assertEquals(500, flips, 5 * Math.sqrt(250), "fair coin over 1000 draws, within 5 standard deviations");
    }
}
