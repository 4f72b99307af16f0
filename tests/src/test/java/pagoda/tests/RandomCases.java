package pagoda.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Uniform and normal draws of the Philox stream must be bit-identical to the twin's at any offset: within
 * a block of four (offsets 1, 2, 3, 5), across the CPU backend's 65536-draw tasks, and with offsets beyond
 * 2^32 (the counter's high word).
 */
final class RandomCases {
    private RandomCases() {
    }

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        long[] offsets = {0, 1, 2, 3, 5, 4097, (1L << 32) + 3, (1L << 34) - 1};
        for (boolean normal : new boolean[] {false, true}) {
            for (long offset : offsets) {
                cases.add(random(normal, 7, offset, new int[] {1001}));
            }
            cases.add(random(normal, 123456789012345L, 3, new int[] {2, 70001}));
            cases.add(random(normal, -1, 65533, new int[] {3, 7}));
        }
        return cases;
    }

    static OpCase random(boolean normal, long seed, long offset, int[] shape) {
        float p0 = normal ? 0.5f : -1f;
        float p1 = normal ? 2f : 3f;
        String name = (normal ? "normal(" : "uniform[") + p0 + ", " + p1 + (normal ? ")" : ")") + " seed " + seed
                + " offset " + offset + " " + Arrays.toString(shape);
        return new OpCase("random", name, Set.of("random"), Inputs.none(), (be, in) -> new Tensor[] {
            normal ? Ops.normal(be, seed, offset, p0, p1, shape) : Ops.uniform(be, seed, offset, p0, p1, shape)},
                List.of("draws"), (in, ref) -> new Bound[] {Bound.exact()});
    }
}
