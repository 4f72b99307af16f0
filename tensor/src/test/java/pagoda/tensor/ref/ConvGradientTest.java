package pagoda.tensor.ref;

import static pagoda.tensor.ref.GradCheck.assertGradient;
import static pagoda.tensor.ref.GradCheck.dot;
import static pagoda.tensor.ref.GradCheck.numel;
import static pagoda.tensor.ref.GradCheck.numeric;
import static pagoda.tensor.ref.GradCheck.tensor;
import static pagoda.tensor.ref.GradCheck.uniform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.NnOps;
import pagoda.tensor.Tensor;

/** conv2dBackwardData and conv2dBackwardWeight against central differences of conv2d. */
class ConvGradientTest {

    @ParameterizedTest(name = "x [{0},{1},{2},{3}] w [{4},{1},{5},{6}] stride ({7},{8}) pad ({9},{10})")
    @CsvSource({
            // n, c, h, w, k, r, s, strideH, strideW, padH, padW
            "2, 3, 5, 5, 4, 3, 3, 1, 1, 1, 1",   // the UNet's 3x3 "same" convolution
            "1, 2, 7, 6, 3, 3, 3, 2, 2, 1, 1",   // stride 2 with padding, odd height
            "2, 3, 7, 6, 2, 3, 2, 2, 1, 1, 0",   // non-square kernel, different strides and paddings per axis
            "1, 2, 8, 5, 2, 3, 3, 2, 2, 0, 0",   // stride 2 without padding: the last row and column are never read
            "2, 4, 3, 4, 3, 1, 1, 1, 1, 0, 0",   // 1x1 convolution (channel mixing)
            "1, 1, 4, 4, 1, 4, 4, 1, 1, 2, 2",   // kernel as large as the input, padding larger than half the kernel
    })
    void gradientsMatchFiniteDifferences(int n, int c, int h, int w, int k, int r, int s,
                                         int strideH, int strideW, int padH, int padW) {
        Conv2dSpec spec = new Conv2dSpec(strideH, strideW, padH, padW);
        int[] xs = {n, c, h, w};
        int[] ws = {k, c, r, s};
        int[] ys = {n, k, spec.outH(h, r), spec.outW(w, s)};
        double[] x = uniform(1, numel(xs));
        double[] wt = uniform(2, numel(ws));
        double[] bias = uniform(3, k);
        double[] dy = uniform(4, numel(ys));
        Tensor b = tensor(bias, k);

        double[] fdX = numeric(v -> dot(NnOps.conv2d(tensor(v, xs), tensor(wt, ws), b, spec), dy), x);
        double[] dx = NnOps.conv2dBackwardData(tensor(dy, ys), tensor(wt, ws), spec, xs).toDoubleArray();
        assertGradient("conv2dBackwardData", fdX, dx);

        double[] fdW = numeric(v -> dot(NnOps.conv2d(tensor(x, xs), tensor(v, ws), b, spec), dy), wt);
        double[] dw = NnOps.conv2dBackwardWeight(tensor(dy, ys), tensor(x, xs), spec, ws).toDoubleArray();
        assertGradient("conv2dBackwardWeight", fdW, dw);
    }
}
