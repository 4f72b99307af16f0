package pagoda.tensor.ref;

import static pagoda.tensor.ref.GradCheck.assertGradient;
import static pagoda.tensor.ref.GradCheck.dot;
import static pagoda.tensor.ref.GradCheck.numel;
import static pagoda.tensor.ref.GradCheck.numeric;
import static pagoda.tensor.ref.GradCheck.tensor;
import static pagoda.tensor.ref.GradCheck.uniform;

import org.junit.jupiter.api.Test;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * The matmul gradients as the autograd rule computes them, {@code dA = dC @ B^T} and {@code dB = A^T @ dC}
 * through matmul of transposed views (summed over broadcast batch dimensions), against central differences.
 */
class LinearGradientTest {

    @Test
    void matmulGradients() {
        int[] as = {2, 3, 4};
        int[] bs = {2, 4, 5};
        int[] cs = {2, 3, 5};
        double[] a = uniform(51, numel(as));
        double[] b = uniform(52, numel(bs));
        double[] dc = uniform(53, numel(cs));
        Tensor dC = tensor(dc, cs);
        double[] da = Ops.matmul(dC, tensor(b, bs).transpose(-1, -2)).toDoubleArray();
        double[] db = Ops.matmul(tensor(a, as).transpose(-1, -2), dC).toDoubleArray();
        assertGradient("matmul dA", numeric(v -> dot(Ops.matmul(tensor(v, as), tensor(b, bs)), dc), a), da);
        assertGradient("matmul dB", numeric(v -> dot(Ops.matmul(tensor(a, as), tensor(v, bs)), dc), b), db);
    }

    @Test
    void matmulGradientsWithBroadcastBatchAndTransposedOperand() {
        int[] as = {2, 1, 3, 4};
        int[] bts = {3, 5, 4};          // b is used transposed: [3, 4, 5] as a view
        int[] cs = {2, 3, 3, 5};
        double[] a = uniform(61, numel(as));
        double[] bt = uniform(62, numel(bts));
        double[] dc = uniform(63, numel(cs));
        Tensor dC = tensor(dc, cs);
        Tensor bView = tensor(bt, bts).transpose(-1, -2);
        double[] da = Ops.sumToShape(Ops.matmul(dC, bView.transpose(-1, -2)), as).toDoubleArray();
        double[] dbt = Ops.sumToShape(Ops.matmul(tensor(a, as).transpose(-1, -2), dC), new int[] {3, 4, 5})
                .transpose(-1, -2).contiguous().toDoubleArray();
        assertGradient("broadcast matmul dA",
                numeric(v -> dot(Ops.matmul(tensor(v, as), bView), dc), a), da);
        assertGradient("broadcast matmul dB^T",
                numeric(v -> dot(Ops.matmul(tensor(a, as), tensor(v, bts).transpose(-1, -2)), dc), bt), dbt);
    }
}
