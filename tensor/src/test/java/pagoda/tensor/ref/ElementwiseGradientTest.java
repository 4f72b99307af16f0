package pagoda.tensor.ref;

import static pagoda.tensor.ref.GradCheck.H;
import static pagoda.tensor.ref.GradCheck.assertGradient;
import static pagoda.tensor.ref.GradCheck.tensor;
import static pagoda.tensor.ref.GradCheck.uniform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/**
 * The fused activation gradients ({@code *_BACKWARD} binary ops, SILU_GRAD) against central differences of
 * their forward unary ops. The ops are element-wise, so one pair of forward evaluations at x + h and x - h
 * gives every partial derivative at once.
 */
class ElementwiseGradientTest {
    private static final int N = 200;

    /** x in [-3, 3), moved at least 1e-3 away from the kinks of the piecewise ops so differences never straddle one. */
    private static double[] inputs(long seed, double... kinks) {
        double[] x = uniform(seed, N);
        for (int i = 0; i < N; i++) {
            x[i] *= 3.0;
            for (double kink : kinks) {
                if (Math.abs(x[i] - kink) < 1e-3) {
                    x[i] = kink + 1e-2;
                }
            }
        }
        return x;
    }

    /** d op(x; p0, p1) / dx by central differences. */
    private static double[] derivative(UnaryOp op, double[] x, float p0, float p1) {
        double[] up = x.clone();
        double[] down = x.clone();
        for (int i = 0; i < x.length; i++) {
            up[i] += H;
            down[i] -= H;
        }
        double[] fu = Ops.unary(op, tensor(up, N), p0, p1).toDoubleArray();
        double[] fd = Ops.unary(op, tensor(down, N), p0, p1).toDoubleArray();
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = (fu[i] - fd[i]) / (2 * H);
        }
        return d;
    }

    @ParameterizedTest(name = "{0} is the gradient of {1}")
    @CsvSource({
            "RELU_BACKWARD, RELU, 0, 0, 0",
            "LEAKY_RELU_BACKWARD, LEAKY_RELU, 0.2, 0, 0",
            "SILU_BACKWARD, SILU, 0, 0, 0",
            "CLAMP_BACKWARD, CLAMP, -0.5, 1.25, -0.5",
            "ABS_BACKWARD, ABS, 0, 0, 0",
    })
    void backwardOpMatchesForwardDifferences(BinaryOp backward, UnaryOp forward, float p0, float p1, double kink) {
        double[] x = inputs(91, kink, p1);
        double[] dy = uniform(92, N);
        double[] expected = derivative(forward, x, p0, p1);
        for (int i = 0; i < N; i++) {
            expected[i] *= dy[i];
        }
        double[] actual = Ops.binary(backward, tensor(x, N), tensor(dy, N), p0, p1).toDoubleArray();
        assertGradient(backward.name(), expected, actual);
    }

    @Test
    void tanhBackwardTakesTheForwardOutput() {
        double[] x = inputs(93);
        double[] dy = uniform(94, N);
        double[] expected = derivative(UnaryOp.TANH, x, 0, 0);
        for (int i = 0; i < N; i++) {
            expected[i] *= dy[i];
        }
        Tensor y = Ops.tanh(tensor(x, N));
        double[] actual = Ops.binary(BinaryOp.TANH_BACKWARD, y, tensor(dy, N), 0, 0).toDoubleArray();
        assertGradient("TANH_BACKWARD", expected, actual);
    }

    @Test
    void siluGradIsTheDerivativeOfSilu() {
        double[] x = inputs(95);
        assertGradient("SILU_GRAD", derivative(UnaryOp.SILU, x, 0, 0), Ops.siluGrad(tensor(x, N)).toDoubleArray());
    }
}
