package pagoda.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import pagoda.tensor.Backend;
import pagoda.tensor.BackendUnavailableException;
import pagoda.tensor.Backends;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;
import pagoda.tensor.random.Philox;

/**
 * One test per launcher (per .cu file) on a real GPU, against the float64 twin on the same float inputs:
 * each picks the shapes that drive its launcher's choices (contiguous or strided kernels, the thread- or
 * block-per-output reduction, the split reduction of the weight gradient, every attention variant, every
 * GEMM precision). The op-by-op error bounds live in the conformance suite (module tests, tag cuda); here
 * the measure is the relative L2 error ||got - ref|| / ||ref||, bounded per arithmetic:
 * <ul>
 *   <li>float32 (and 3xTF32) arithmetic: 2e-5. Rounding errors of sums of n terms grow like sqrt(n) 6e-8
 *       in practice; n here stays below 10^4, which gives about 6e-6, so 2e-5 leaves a factor of 3 while a
 *       wrong or missing term (an error of about 1/n of the norm, above 1e-4) still fails.</li>
 *   <li>TF32 inputs (10-bit mantissa, unit roundoff 2^-11 ~ 4.9e-4 per operand): 2e-3.</li>
 *   <li>bfloat16 inputs (8-bit mantissa, 2^-8 ~ 3.9e-3 per operand, averaging down over the sum): 1e-2.</li>
 * </ul>
 * Skipped, with the reason, where there is no GPU; run with {@code -Dgroups=cuda} on a GPU machine.
 */
@Tag("cuda")
class LauncherTest {
    private static final double FP32 = 2e-5;

    private static CudaBackend gpu;
    private static String unavailable;
    private static final Backend REF = Backends.reference();

    @BeforeAll
    static void open() {
        try {
            gpu = new CudaBackend(0, Precision.FP32);
        } catch (BackendUnavailableException e) {
            unavailable = e.getMessage();
        }
    }

    @AfterAll
    static void close() {
        if (gpu != null) {
            gpu.close();
        }
    }

    @BeforeEach
    void needGpu() {
        Assumptions.assumeTrue(gpu != null, () -> "no GPU: " + unavailable);
    }

    /** The same uniform [-1, 1) floats (Philox stream {@code seed}) on the GPU and on the twin. */
    private static Tensor[] inputs(Backend cuda, long seed, int... shape) {
        float[] v = Ops.uniform(Backends.cpu(), seed, 0, -1, 1, shape).toFloatArray();
        return new Tensor[] {Tensor.of(cuda, v, shape), Tensor.of(REF, v, shape)};
    }

    private static Tensor[] inputs(long seed, int... shape) {
        return inputs(gpu, seed, shape);
    }

    private static void near(String what, Tensor got, Tensor want, double tolerance) {
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        double[] g = got.toDoubleArray();
        double[] w = want.toDoubleArray();
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < g.length; i++) {
            assertTrue(Double.isFinite(g[i]) || !Double.isFinite(w[i]), what + ": element " + i + " is " + g[i] + ", the twin's " + w[i]);
            diff += (g[i] - w[i]) * (g[i] - w[i]);
            norm += w[i] * w[i];
        }
        double rel = Math.sqrt(diff / Math.max(norm, Double.MIN_NORMAL));
        assertTrue(rel <= tolerance, what + ": relative L2 error " + rel + " above " + tolerance);
    }

    private static void identical(String what, Tensor a, Tensor b) {
        assertArrayEquals(a.toFloatArray(), b.toFloatArray(), what + ": not bit-identical");
    }

    @Test
    void copy() {
        Tensor[] x = inputs(1, 6, 5, 7);
        for (int i = 0; i < 2; i++) {
            Backend be = x[i].backend();
            Tensor dst = Tensor.zeros(be, 7, 12, 6);
            be.copy(x[i].permute(2, 1, 0), dst.slice(1, 1, 11, 2));
            x[i] = dst;
        }
        identical("copy of a permuted view into a strided slice", x[0], x[1].to(gpu));
        Tensor[] y = inputs(2, 1000);
        identical("contiguous copy", y[0].copy(), y[0]);
    }

    @Test
    void fill() {
        Tensor g = Tensor.zeros(gpu, 9, 8);
        Tensor r = Tensor.zeros(REF, 9, 8);
        gpu.fill(g.slice(0, 1, 9, 3).transpose(0, 1), 2.5f);
        REF.fill(r.slice(0, 1, 9, 3).transpose(0, 1), 2.5f);
        identical("fill of a strided view", g, r.to(gpu));
        identical("contiguous fill", Ops.full(gpu, -1f, 100), Ops.full(REF, -1f, 100).to(gpu));
    }

    @Test
    void unary() {
        Tensor[] x = inputs(3, 3, 1000);
        for (UnaryOp op : UnaryOp.values()) {
            boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT || op == UnaryOp.POW;
            Tensor gx = positive ? Ops.add(Ops.abs(x[0]), 0.1f) : x[0];
            Tensor rx = positive ? Ops.add(Ops.abs(x[1]), 0.1f) : x[1];
            float p0 = op == UnaryOp.CLAMP ? -0.5f : (op == UnaryOp.POW ? 1.5f : 0.2f);
            float p1 = op == UnaryOp.CLAMP ? 0.5f : 0.3f;
            near("unary " + op, Ops.unary(op, gx, p0, p1), Ops.unary(op, rx, p0, p1), FP32);
        }
    }

    @Test
    void binary() {
        Tensor[] a = inputs(4, 4, 1, 37);
        Tensor[] b = inputs(5, 3, 1);
        for (BinaryOp op : BinaryOp.values()) {
            Tensor ga = op == BinaryOp.POW ? Ops.add(Ops.abs(a[0]), 0.1f) : a[0];
            Tensor ra = op == BinaryOp.POW ? Ops.add(Ops.abs(a[1]), 0.1f) : a[1];
            near("binary " + op + " broadcast", Ops.binary(op, ga, b[0], -0.5f, 0.5f), Ops.binary(op, ra, b[1], -0.5f, 0.5f), FP32);
        }
        Tensor[] c = inputs(6, 4, 3, 37);
        near("binary ADD contiguous", Ops.add(c[0], c[0]), Ops.add(c[1], c[1]), FP32);
    }

    @Test
    void reduce() {
        Tensor[] x = inputs(7, 64, 300, 5);
        Tensor[] tall = inputs(8, 20000, 8);
        for (ReduceOp op : ReduceOp.values()) {
            near("reduce " + op + " over axis 1", Ops.reduce(op, x[0], 1, true, 1), Ops.reduce(op, x[1], 1, true, 1), FP32);
            near("reduce " + op + " over axes 0, 2", Ops.reduce(op, x[0], 1, false, 0, 2), Ops.reduce(op, x[1], 1, false, 0, 2), FP32);
            near("reduce " + op + " one thread per output", Ops.reduce(op, tall[0], 0, false, 1),
                    Ops.reduce(op, tall[1], 0, false, 1), FP32);
        }
        near("reduce SUM of everything", Ops.sum(x[0]), Ops.sum(x[1]), FP32);
    }

    @Test
    void gemm() {
        double[] tolerance = {FP32, 2e-3, 1e-2};
        for (Precision p : Precision.values()) {
            try (CudaBackend be = new CudaBackend(0, p)) {
                Tensor[] a = inputs(be, 9, 3, 300, 130);
                Tensor[] b = inputs(be, 10, 300, 70);
                Tensor[] c = inputs(be, 11, 3, 130, 70);
                Tensor gb = b[0].unsqueeze(0).broadcastTo(3, 300, 70);
                Tensor rb = b[1].unsqueeze(0).broadcastTo(3, 300, 70);
                be.matmul(a[0].transpose(1, 2), gb, 0.5f, -2f, c[0]);
                REF.matmul(a[1].transpose(1, 2), rb, 0.5f, -2f, c[1]);
                near("gemm " + p + " (a transposed, b broadcast over the batch, alpha 0.5, beta -2)", c[0], c[1], tolerance[p.ordinal()]);
                Tensor x = Ops.matmul(a[0].transpose(1, 2), b[0]);
                identical("gemm " + p + " rerun", x, Ops.matmul(a[0].transpose(1, 2), b[0]));
            }
        }
    }

    @Test
    void conv2d() {
        Tensor[] x = inputs(12, 2, 5, 17, 19);
        Tensor[] w = inputs(13, 7, 5, 3, 3);
        Tensor[] bias = inputs(14, 7);
        Conv2dSpec spec = Conv2dSpec.of(2, 1);
        near("conv2d 3x3 stride 2 with bias and SiLU", NnOps.conv2d(x[0], w[0], bias[0], spec, UnaryOp.SILU, 0),
                NnOps.conv2d(x[1], w[1], bias[1], spec, UnaryOp.SILU, 0), FP32);
        near("conv2d 3x3 stride 1 without bias", NnOps.conv2d(x[0], w[0], null, Conv2dSpec.of(1, 1)),
                NnOps.conv2d(x[1], w[1], null, Conv2dSpec.of(1, 1)), FP32);
    }

    @Test
    void conv2dBackwardData() {
        Tensor[] dy = inputs(15, 2, 7, 9, 10);
        Tensor[] w = inputs(16, 7, 5, 3, 3);
        Conv2dSpec spec = Conv2dSpec.of(2, 1);
        int[] in = {2, 5, 17, 19};
        near("conv2d backward data, stride 2", NnOps.conv2dBackwardData(dy[0], w[0], spec, in),
                NnOps.conv2dBackwardData(dy[1], w[1], spec, in), FP32);
    }

    @Test
    void conv2dBackwardWeight() {
        Tensor[] x = inputs(17, 8, 4, 32, 32);
        Tensor[] dy = inputs(18, 8, 6, 32, 32);
        Conv2dSpec spec = Conv2dSpec.of(1, 1);
        int[] ws = {6, 4, 3, 3};
        Tensor g = NnOps.conv2dBackwardWeight(dy[0], x[0], spec, ws);
        near("conv2d backward weight, reduction of 8192 split in slices", g, NnOps.conv2dBackwardWeight(dy[1], x[1], spec, ws), FP32);
        identical("conv2d backward weight rerun", g, NnOps.conv2dBackwardWeight(dy[0], x[0], spec, ws));
    }

    private static final float[] FILTER = {1 / 64f, 3 / 64f, 3 / 64f, 1 / 64f, 3 / 64f, 9 / 64f, 9 / 64f, 3 / 64f,
            3 / 64f, 9 / 64f, 9 / 64f, 3 / 64f, 1 / 64f, 3 / 64f, 3 / 64f, 1 / 64f};

    @Test
    void firDown() {
        Tensor[] x = inputs(19, 2, 3, 9, 8);
        near("firDown 4x4, pad 1", NnOps.firDown(x[0], FILTER, 4, 1, 1f), NnOps.firDown(x[1], FILTER, 4, 1, 1f), FP32);
    }

    @Test
    void firUp() {
        Tensor[] x = inputs(20, 2, 3, 5, 4);
        near("firUp 4x4, pad 1, gain 4", NnOps.firUp(x[0], FILTER, 4, 1, 4f, 10, 8), NnOps.firUp(x[1], FILTER, 4, 1, 4f, 10, 8), FP32);
    }

    @Test
    void groupNorm() {
        Tensor[] x = inputs(21, 3, 12, 7, 9);
        Tensor[] gamma = inputs(22, 12);
        Tensor[] beta = inputs(23, 12);
        NnOps.GroupNormResult g = NnOps.groupNorm(x[0], gamma[0], beta[0], 4, 1e-5f);
        NnOps.GroupNormResult r = NnOps.groupNorm(x[1], gamma[1], beta[1], 4, 1e-5f);
        near("groupNorm out", g.out(), r.out(), FP32);
        near("groupNorm mean", g.mean(), r.mean(), FP32);
        near("groupNorm rstd", g.rstd(), r.rstd(), FP32);
    }

    @Test
    void groupNormBackward() {
        Tensor[] x = inputs(24, 3, 12, 7, 9);
        Tensor[] dy = inputs(25, 3, 12, 7, 9);
        Tensor[] gamma = inputs(26, 12);
        NnOps.GroupNormResult s = NnOps.groupNorm(x[1], gamma[1], null, 4, 1e-5f);
        Tensor mean = s.mean().to(gpu);
        Tensor rstd = s.rstd().to(gpu);
        NnOps.GroupNormGrads g = NnOps.groupNormBackward(dy[0], x[0], gamma[0], mean, rstd, 4, true);
        NnOps.GroupNormGrads r = NnOps.groupNormBackward(dy[1], x[1], gamma[1], s.mean(), s.rstd(), 4, true);
        near("groupNorm dx", g.dx(), r.dx(), FP32);
        near("groupNorm dgamma", g.dgamma(), r.dgamma(), FP32);
        near("groupNorm dbeta", g.dbeta(), r.dbeta(), FP32);
    }

    @Test
    void batchNorm() {
        Tensor[] x = inputs(60, 5, 12, 7, 9);
        Tensor[] gamma = inputs(61, 12);
        Tensor[] beta = inputs(62, 12);
        NnOps.BatchNormResult g = NnOps.batchNorm(x[0], gamma[0], beta[0], 1e-5f);
        NnOps.BatchNormResult r = NnOps.batchNorm(x[1], gamma[1], beta[1], 1e-5f);
        near("batchNorm out", g.out(), r.out(), FP32);
        near("batchNorm mean", g.mean(), r.mean(), FP32);
        near("batchNorm rstd", g.rstd(), r.rstd(), FP32);
        Tensor[] flat = inputs(63, 700, 6);
        near("batchNorm [700, 6] (one position per channel), no affine",
                NnOps.batchNorm(flat[0], null, null, 1e-5f).out(), NnOps.batchNorm(flat[1], null, null, 1e-5f).out(), FP32);
    }

    @Test
    void batchNormBackward() {
        for (int[] shape : new int[][] {{5, 12, 7, 9}, {700, 6}}) {
            Tensor[] x = inputs(64, shape);
            Tensor[] dy = inputs(65, shape);
            Tensor[] gamma = inputs(66, shape[1]);
            NnOps.BatchNormResult s = NnOps.batchNorm(x[1], null, null, 1e-5f);
            Tensor mean = s.mean().to(gpu);
            Tensor rstd = s.rstd().to(gpu);
            NnOps.BatchNormGrads g = NnOps.batchNormBackward(dy[0], x[0], gamma[0], mean, rstd, true);
            NnOps.BatchNormGrads r = NnOps.batchNormBackward(dy[1], x[1], gamma[1], s.mean(), s.rstd(), true);
            String what = "batchNorm backward " + Arrays.toString(shape);
            near(what + " dx", g.dx(), r.dx(), FP32);
            near(what + " dgamma", g.dgamma(), r.dgamma(), FP32);
            near(what + " dbeta", g.dbeta(), r.dbeta(), FP32);
            near(what + " dx without dgamma and dbeta", NnOps.batchNormBackward(dy[0], x[0], null, mean, rstd, false).dx(),
                    NnOps.batchNormBackward(dy[1], x[1], null, s.mean(), s.rstd(), false).dx(), FP32);
        }
    }

    @Test
    void softmax() {
        Tensor[] x = inputs(27, 5, 1000);
        near("softmax over rows of 1000", NnOps.softmax(Ops.mul(x[0], 8f), -1), NnOps.softmax(Ops.mul(x[1], 8f), -1), FP32);
        near("softmax over axis 0", NnOps.softmax(x[0], 0), NnOps.softmax(x[1], 0), FP32);
    }

    @Test
    void softmaxBackward() {
        Tensor[] x = inputs(28, 5, 300);
        Tensor[] dy = inputs(29, 5, 300);
        Tensor yg = NnOps.softmax(x[0], -1);
        Tensor yr = NnOps.softmax(x[1], -1);
        near("softmax backward", NnOps.softmaxBackward(yg, dy[0], -1), NnOps.softmaxBackward(yr, dy[1], -1), FP32);
    }

    @Test
    void attention() {
        for (int c : new int[] {8, 64, 200, 512}) {
            Tensor[] q = inputs(30 + c, 3, c, 70);
            Tensor[] k = inputs(31 + c, 3, c, 45);
            Tensor[] v = inputs(32 + c, 3, c, 45);
            NnOps.AttentionResult g = NnOps.attention(q[0], k[0], v[0]);
            NnOps.AttentionResult r = NnOps.attention(q[1], k[1], v[1]);
            near("attention C=" + c + " out", g.out(), r.out(), FP32);
            near("attention C=" + c + " weights", g.weights(), r.weights(), FP32);
        }
    }

    @Test
    void attentionBackward() {
        for (int c : new int[] {8, 64, 200}) {
            Tensor[] q = inputs(40 + c, 2, c, 70);
            Tensor[] k = inputs(41 + c, 2, c, 45);
            Tensor[] v = inputs(42 + c, 2, c, 45);
            Tensor[] dout = inputs(43 + c, 2, c, 70);
            Tensor w = NnOps.attention(q[1], k[1], v[1]).weights();
            NnOps.AttentionGrads g = NnOps.attentionBackward(q[0], k[0], v[0], w.to(gpu), dout[0]);
            NnOps.AttentionGrads r = NnOps.attentionBackward(q[1], k[1], v[1], w, dout[1]);
            near("attention backward C=" + c + " dq", g.dq(), r.dq(), FP32);
            near("attention backward C=" + c + " dk", g.dk(), r.dk(), FP32);
            near("attention backward C=" + c + " dv", g.dv(), r.dv(), FP32);
            identical("attention backward rerun", g.dk(), NnOps.attentionBackward(q[0], k[0], v[0], w.to(gpu), dout[0]).dk());
        }
    }

    @Test
    void resize() {
        Tensor[] x = inputs(50, 2, 3, 37, 41);
        for (ResizeFilter f : ResizeFilter.values()) {
            near("resize " + f + " down", NnOps.resize(x[0], 16, 9, f, true), NnOps.resize(x[1], 16, 9, f, true), FP32);
            near("resize " + f + " up", NnOps.resize(x[0], 50, 64, f, false), NnOps.resize(x[1], 50, 64, f, false), FP32);
        }
    }

    @Test
    void resizeBackward() {
        Tensor[] dy = inputs(51, 2, 3, 16, 9);
        int[] in = {2, 3, 37, 41};
        for (ResizeFilter f : ResizeFilter.values()) {
            near("resize backward " + f, NnOps.resizeBackward(dy[0], in, f, true), NnOps.resizeBackward(dy[1], in, f, true), FP32);
        }
    }

    @Test
    void translate() {
        Tensor[] x = inputs(67, 5, 3, 7, 9);
        int[] shiftH = {0, 3, -4, 7, Integer.MIN_VALUE};
        int[] shiftW = {0, -8, 2, 1, Integer.MAX_VALUE};
        identical("translate by both signs, by the whole size and by extreme ints",
                NnOps.translate(x[0], shiftH, shiftW), NnOps.translate(x[1], shiftH, shiftW).to(gpu));
    }

    @Test
    void random() {
        int n = 1001;
        long offset = 7;
        for (boolean normal : new boolean[] {true, false}) {
            float[] want = new float[n];
            Philox.fill(want, 0, n, 42, offset, normal, 0.5f, 2f);
            Tensor got = normal ? Ops.normal(gpu, 42, offset, 0.5f, 2f, n) : Ops.uniform(gpu, 42, offset, 0.5f, 2f, n);
            assertArrayEquals(want, got.toFloatArray(), (normal ? "normal" : "uniform") + " draws differ from Philox on the CPU");
        }
    }
}
