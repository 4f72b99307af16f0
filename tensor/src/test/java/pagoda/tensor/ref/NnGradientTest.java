package pagoda.tensor.ref;

import static org.junit.jupiter.api.Assertions.assertNull;
import static pagoda.tensor.ref.GradCheck.assertGradient;
import static pagoda.tensor.ref.GradCheck.dot;
import static pagoda.tensor.ref.GradCheck.numel;
import static pagoda.tensor.ref.GradCheck.numeric;
import static pagoda.tensor.ref.GradCheck.tensor;
import static pagoda.tensor.ref.GradCheck.uniform;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;

/** groupNormBackward, softmaxBackward and attentionBackward against central differences of their forwards. */
class NnGradientTest {
    private static final float EPS = 1e-5f;

    @Test
    void groupNormWithAffine() {
        int[] xs = {2, 6, 3, 2};
        int groups = 3;
        double[] x = uniform(11, numel(xs));
        double[] gamma = uniform(12, 6);
        double[] beta = uniform(13, 6);
        double[] dy = uniform(14, numel(xs));
        NnOps.GroupNormResult fwd = NnOps.groupNorm(tensor(x, xs), tensor(gamma, 6), tensor(beta, 6), groups, EPS);
        NnOps.GroupNormGrads g = NnOps.groupNormBackward(tensor(dy, xs), tensor(x, xs), tensor(gamma, 6), fwd.mean(),
                fwd.rstd(), groups, true);

        assertGradient("groupNorm dx", numeric(v -> dot(NnOps.groupNorm(tensor(v, xs), tensor(gamma, 6),
                tensor(beta, 6), groups, EPS).out(), dy), x), g.dx().toDoubleArray());
        assertGradient("groupNorm dgamma", numeric(v -> dot(NnOps.groupNorm(tensor(x, xs), tensor(v, 6),
                tensor(beta, 6), groups, EPS).out(), dy), gamma), g.dgamma().toDoubleArray());
        assertGradient("groupNorm dbeta", numeric(v -> dot(NnOps.groupNorm(tensor(x, xs), tensor(gamma, 6),
                tensor(v, 6), groups, EPS).out(), dy), beta), g.dbeta().toDoubleArray());
    }

    @ParameterizedTest(name = "x {0} with {1} groups")
    @CsvSource({
            "'3,4,5', 2",     // [N, C, L]
            "'2,6', 3",       // [N, C]: no spatial extent, two channels per group
            "'1,8,2,3', 1",   // one group: layer norm over C, H, W
    })
    void groupNormWithoutAffine(String shape, int groups) {
        int[] xs = Arrays.stream(shape.split(",")).mapToInt(Integer::parseInt).toArray();
        double[] x = uniform(21, numel(xs));
        double[] dy = uniform(22, numel(xs));
        NnOps.GroupNormResult fwd = NnOps.groupNorm(tensor(x, xs), null, null, groups, EPS);
        NnOps.GroupNormGrads g = NnOps.groupNormBackward(tensor(dy, xs), tensor(x, xs), null, fwd.mean(), fwd.rstd(),
                groups, false);
        assertNull(g.dgamma(), "dgamma was not asked for");
        assertNull(g.dbeta(), "dbeta was not asked for");
        assertGradient("groupNorm dx without gamma and beta",
                numeric(v -> dot(NnOps.groupNorm(tensor(v, xs), null, null, groups, EPS).out(), dy), x),
                g.dx().toDoubleArray());
    }

    @ParameterizedTest(name = "softmax of [3, 4, 5] along axis {0}")
    @CsvSource({"2", "1", "0"})
    void softmax(int axis) {
        int[] xs = {3, 4, 5};
        double[] x = uniform(31, numel(xs));
        for (int i = 0; i < x.length; i++) {
            x[i] *= 3.0;
        }
        double[] dy = uniform(32, numel(xs));
        Tensor y = NnOps.softmax(tensor(x, xs), axis);
        double[] dx = NnOps.softmaxBackward(y, tensor(dy, xs), axis).toDoubleArray();
        assertGradient("softmaxBackward", numeric(v -> dot(NnOps.softmax(tensor(v, xs), axis), dy), x), dx);
    }

    @ParameterizedTest(name = "attention B={0} C={1} Lq={2} Lk={3}")
    @CsvSource({
            "2, 4, 3, 5",   // Lq < Lk
            "1, 3, 6, 2",   // Lq > Lk
            "2, 8, 4, 4",   // self-attention shape
    })
    void attention(int b, int c, int lq, int lk) {
        int[] qs = {b, c, lq};
        int[] ks = {b, c, lk};
        double[] q = uniform(41, numel(qs));
        double[] k = uniform(42, numel(ks));
        double[] v = uniform(43, numel(ks));
        for (int i = 0; i < q.length; i++) {
            q[i] *= 2.0;
        }
        double[] dout = uniform(44, numel(qs));
        NnOps.AttentionResult fwd = NnOps.attention(tensor(q, qs), tensor(k, ks), tensor(v, ks));
        NnOps.AttentionGrads g = NnOps.attentionBackward(tensor(q, qs), tensor(k, ks), tensor(v, ks), fwd.weights(),
                tensor(dout, qs));

        assertGradient("attention dq", numeric(p -> dot(NnOps.attention(tensor(p, qs), tensor(k, ks), tensor(v, ks))
                .out(), dout), q), g.dq().toDoubleArray());
        assertGradient("attention dk", numeric(p -> dot(NnOps.attention(tensor(q, qs), tensor(p, ks), tensor(v, ks))
                .out(), dout), k), g.dk().toDoubleArray());
        assertGradient("attention dv", numeric(p -> dot(NnOps.attention(tensor(q, qs), tensor(k, ks), tensor(p, ks))
                .out(), dout), v), g.dv().toDoubleArray());
    }
}
