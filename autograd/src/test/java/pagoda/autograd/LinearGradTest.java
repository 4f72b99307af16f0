package pagoda.autograd;

import static pagoda.autograd.GradCheck.check;
import static pagoda.autograd.GradCheck.sym;

import org.junit.jupiter.api.Test;
import pagoda.tensor.Conv2dSpec;

/** Finite-difference checks of matrix products and convolution. */
class LinearGradTest {
    @Test
    void matmul() {
        check("matmul 2d", v -> Fn.matmul(v[0], v[1]), sym(1, 3, 4), sym(2, 4, 5));
        check("matmul batched", v -> Fn.matmul(v[0], v[1]), sym(3, 2, 3, 4), sym(4, 2, 4, 2));
        check("matmul broadcast batch", v -> Fn.matmul(v[0], v[1]), sym(5, 2, 1, 3, 4), sym(6, 3, 4, 2));
        check("matmul shared rhs", v -> Fn.matmul(v[0], v[1]), sym(7, 2, 3, 4), sym(8, 4, 2));
        check("matmul transposed view", v -> Fn.matmul(Fn.transpose(v[0], 0, 1), v[1]), sym(9, 4, 3), sym(10, 4, 2));
    }

    @Test
    void linear() {
        check("linear with bias", v -> Fn.linear(v[0], v[1], v[2]), sym(11, 3, 4), sym(12, 5, 4), sym(13, 5));
        check("linear without bias", v -> Fn.linear(v[0], v[1], null), sym(14, 3, 4), sym(15, 2, 4));
        check("linear 3-d input", v -> Fn.linear(v[0], v[1], v[2]), sym(16, 2, 3, 4), sym(17, 5, 4), sym(18, 5));
    }

    @Test
    void conv2d() {
        check("conv2d 3x3 pad 1 bias", v -> Fn.conv2d(v[0], v[1], v[2], Conv2dSpec.of(1, 1)),
                sym(21, 2, 3, 5, 4), sym(22, 4, 3, 3, 3), sym(23, 4));
        check("conv2d 3x3 stride 2 no bias", v -> Fn.conv2d(v[0], v[1], null, Conv2dSpec.of(2, 1)),
                sym(24, 2, 2, 5, 6), sym(25, 3, 2, 3, 3));
        check("conv2d 1x1", v -> Fn.conv2d(v[0], v[1], v[2], Conv2dSpec.of(1, 0)),
                sym(26, 1, 3, 3, 3), sym(27, 2, 3, 1, 1), sym(28, 2));
        check("conv2d 2x3 anisotropic", v -> Fn.conv2d(v[0], v[1], v[2], new Conv2dSpec(2, 1, 0, 1)),
                sym(29, 1, 2, 5, 4), sym(30, 2, 2, 2, 3), sym(31, 2));
    }
}
