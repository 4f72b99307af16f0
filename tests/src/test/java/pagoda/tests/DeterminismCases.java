package pagoda.tests;

import java.util.List;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.UnaryOp;

/**
 * One or more cases of every op family at sizes that the CPU backend splits into several tasks, for
 * {@link DeterminismTest}; the conformance cases are mostly too small to be split at all.
 */
final class DeterminismCases {
    private DeterminismCases() {
    }

    static List<OpCase> all() {
        ConvCases.Geometry unet = ConvCases.Geometry.square(2, 64, 16, 16, 64, 3, 1, 1);
        ConvCases.Geometry strided = ConvCases.Geometry.square(2, 32, 16, 16, 32, 3, 2, 1);
        return List.of(
                ElementwiseCases.unary(UnaryOp.SILU, 300, 1001),
                ElementwiseCases.binary(BinaryOp.ADD, new int[] {300, 1001}, new int[] {1001}),
                ReductionCases.reduce(ReduceOp.SUM, 0, new int[] {300, 1001}, new int[] {1}),
                ReductionCases.reduce(ReduceOp.SUM, 0, new int[] {300, 1001}, new int[] {}),
                ReductionCases.reduce(ReduceOp.VAR, 1, new int[] {300, 1001}, new int[] {0}),
                ReductionCases.reduce(ReduceOp.MAX, 0, new int[] {300, 1001}, new int[] {0}),
                MatmulCases.product(new int[] {200, 300}, new int[] {300, 500}, MatmulCases.Orientation.NN),
                MatmulCases.product(new int[] {4, 50, 389}, new int[] {4, 389, 70}, MatmulCases.Orientation.TN),
                ConvCases.forward(unet, true),
                ConvCases.backwardData(unet),
                ConvCases.backwardWeight(unet),
                ConvCases.backwardData(strided),
                ResampleCases.down(ResampleCases.CUBIC, 1, 2, 64, 32, 32),
                ResampleCases.up(ResampleCases.CUBIC, 4, new int[] {2, 64, 16, 16}, 32, 32),
                GroupNormCases.groupNorm(new int[] {4, 64, 16, 16}, 32, true, true),
                GroupNormCases.groupNormBackward(new int[] {4, 64, 16, 16}, 32, true, true),
                BatchNormCases.batchNorm(new int[] {16, 64, 8, 8}, true, true, -1, 1),
                BatchNormCases.batchNormBackward(new int[] {16, 64, 8, 8}, true, true, -1, 1),
                SoftmaxCases.softmax(new int[] {64, 1000}, -1),
                SoftmaxCases.softmaxBackward(new int[] {64, 1000}, -1),
                AttentionCases.forward(4, 64, 64, 64),
                AttentionCases.backward(4, 64, 64, 64),
                ResizeCases.forward(new int[] {2, 3, 64, 64}, 23, 29, ResizeFilter.BICUBIC, true),
                ResizeCases.backward(new int[] {2, 3, 64, 64}, 23, 29, ResizeFilter.BICUBIC, true),
                TranslateCases.translate(new int[] {4, 64, 16, 16}, new int[] {-2, 0, 1, 2}, new int[] {2, -1, 0, -2}),
                MemoryCases.copy("transpose of [300, 517]", new int[] {300, 517}, x -> x.transpose(0, 1)),
                MemoryCases.cat(new int[] {300, 200, 3}, 1, 1),
                MemoryCases.fill(new int[] {200003}, 0.25f),
                RandomCases.random(true, 11, 5, new int[] {200003}),
                RandomCases.random(false, 11, 5, new int[] {200003}));
    }
}
