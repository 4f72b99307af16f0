package pagoda.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;

/**
 * DiffAugment's per-sample translation with zero fill through {@link NnOps#translate}: shifts of both
 * signs, zero, the largest DiffAugment draws (1/8 of the size, rounded), shifts of the whole size and
 * beyond (an all-zero sample), on square and non-square images. The op only moves floats: the result
 * must be the twin's, bit for bit.
 */
final class TranslateCases {
    private TranslateCases() {
    }

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        cases.add(translate(new int[] {4, 3, 8, 8}, new int[] {0, 1, -1, 2}, new int[] {0, -2, 1, 1}));
        cases.add(translate(new int[] {3, 2, 5, 7}, new int[] {3, -4, 0}, new int[] {-6, 0, 7}));
        cases.add(translate(new int[] {2, 1, 4, 4}, new int[] {4, -9}, new int[] {0, 2}));
        cases.add(translate(new int[] {2, 64, 16, 16}, new int[] {-2, 2}, new int[] {2, -2}));
        cases.add(translate(new int[] {1, 1, 1, 33}, new int[] {0}, new int[] {5}));
        return cases;
    }

    static OpCase translate(int[] shape, int[] shiftH, int[] shiftW) {
        String name = "translate " + Arrays.toString(shape) + " by " + Arrays.toString(shiftH) + " x " + Arrays.toString(shiftW);
        return new OpCase("translate", name, Set.of("translate"), Inputs.none().symmetric("x", shape),
                (be, in) -> new Tensor[] {NnOps.translate(in[0], shiftH, shiftW)}, List.of("out"),
                (in, ref) -> new Bound[] {Bound.exact()});
    }
}
