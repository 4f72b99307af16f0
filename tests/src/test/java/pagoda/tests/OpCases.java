package pagoda.tests;

import java.util.ArrayList;
import java.util.List;

/** The conformance suite's registry: every op case, family by family. */
final class OpCases {
    private OpCases() {
    }

    private static final List<OpCase> ALL = build();

    static List<OpCase> all() {
        return ALL;
    }

    private static List<OpCase> build() {
        List<OpCase> all = new ArrayList<>();
        all.addAll(ElementwiseCases.all());
        all.addAll(ReductionCases.all());
        all.addAll(MatmulCases.all());
        all.addAll(ConvCases.all());
        all.addAll(ResampleCases.all());
        all.addAll(GroupNormCases.all());
        all.addAll(BatchNormCases.all());
        all.addAll(SoftmaxCases.all());
        all.addAll(AttentionCases.all());
        all.addAll(ResizeCases.all());
        all.addAll(TranslateCases.all());
        all.addAll(MemoryCases.all());
        all.addAll(RandomCases.all());
        return List.copyOf(all);
    }
}
