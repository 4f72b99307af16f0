package pagoda.cuda.kernels;

import java.util.List;

/** Every .cu file's launcher: one CUDA op = one .cu file = one launcher (DEVELOPERS.md). */
public final class Kernels {
    private Kernels() {
    }

    public static final List<KernelSource> ALL = List.of(
            Copy.SOURCE, Fill.SOURCE, Unary.SOURCE, Binary.SOURCE, Reduce.SOURCE, Gemm.SOURCE,
            Conv2d.SOURCE, Conv2dBackwardData.SOURCE, Conv2dBackwardWeight.SOURCE, FirDown.SOURCE, FirUp.SOURCE,
            GroupNorm.SOURCE, GroupNormBackward.SOURCE, BatchNorm.SOURCE, BatchNormBackward.SOURCE,
            Softmax.SOURCE, SoftmaxBackward.SOURCE, Attention.SOURCE, AttentionBackward.SOURCE,
            Resize.SOURCE, ResizeBackward.SOURCE, Translate.SOURCE, Random.SOURCE);
}
