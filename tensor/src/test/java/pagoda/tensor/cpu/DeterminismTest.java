package pagoda.tensor.cpu;

import static pagoda.tensor.cpu.Fixtures.assertSameBits;
import static pagoda.tensor.cpu.Fixtures.tensor;
import static pagoda.tensor.cpu.Fixtures.uniform;

import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/**
 * Every op family gives bit-identical results at 1, 2 and 3 threads and on reruns. Sizes are odd (vector
 * tails) and large enough to split into several tasks, and each layout path of the element-wise ops and
 * both forms of the reductions are covered.
 */
class DeterminismTest {
    private static final CpuBackend[] BACKENDS = {new CpuBackend(1), new CpuBackend(2), new CpuBackend(3)};
    private static final int[] SHAPE = {3, 37, 23, 29};

    @AfterAll
    static void close() {
        for (CpuBackend b : BACKENDS) {
            b.close();
        }
    }

    /** Runs {@code op} twice on every backend and requires every output to match the first run bit for bit. */
    private static void sameEverywhere(String what, Function<CpuBackend, Tensor[]> op) {
        float[][] first = null;
        for (CpuBackend b : BACKENDS) {
            for (int rep = 0; rep < 2; rep++) {
                Tensor[] out = op.apply(b);
                float[][] got = new float[out.length][];
                for (int i = 0; i < out.length; i++) {
                    got[i] = out[i].toFloatArray();
                }
                if (first == null) {
                    first = got;
                    continue;
                }
                for (int i = 0; i < got.length; i++) {
                    assertSameBits(what + " output " + i + " at " + b.threads() + " threads, run " + rep, first[i], got[i]);
                }
            }
        }
    }

    private static float[] data(long seed, int... shape) {
        return uniform(seed, Fixtures.numel(shape), -3, 3);
    }

    @Test
    void copyAndFill() {
        float[] x = data(1, SHAPE);
        sameEverywhere("copy", b -> {
            Tensor t = tensor(b, x, SHAPE);
            Tensor filled = Tensor.zeros(b, 37, 23, 29);
            b.fill(filled.slice(1, 1, 23, 2), 1.5f);
            return new Tensor[] {t.permute(3, 1, 0, 2).copy(), t.transpose(2, 3).copy(), t.slice(3, 1, 28, 3).copy(), filled};
        });
    }

    @Test
    void unaryOps() {
        float[] x = data(2, SHAPE);
        for (UnaryOp op : UnaryOp.values()) {
            sameEverywhere(op.toString(), b -> new Tensor[] {Ops.unary(op, tensor(b, x, SHAPE), 0.5f, 1.5f)});
        }
    }

    @Test
    void binaryOpsOnEveryLayout() {
        float[] a = data(3, SHAPE);
        float[] same = data(4, SHAPE);
        float[] channel = data(5, 1, 37, 1, 1);
        float[] row = data(6, 29);
        float[] small = data(7, 3, 37, 23, 1);
        for (BinaryOp op : BinaryOp.values()) {
            sameEverywhere(op.toString(), b -> {
                Tensor ta = tensor(b, a, SHAPE);
                return new Tensor[] {
                    Ops.binary(op, ta, tensor(b, same, SHAPE), 0.5f, 1.5f),
                    Ops.binary(op, ta, Tensor.scalar(b, 0.7f), 0.5f, 1.5f),
                    Ops.binary(op, tensor(b, channel, 1, 37, 1, 1), ta, 0.5f, 1.5f),
                    Ops.binary(op, ta, tensor(b, row, 29), 0.5f, 1.5f),
                    Ops.binary(op, ta.transpose(1, 3), tensor(b, same, SHAPE).transpose(1, 3), 0.5f, 1.5f),
                    Ops.binary(op, tensor(b, small, 3, 37, 23, 1), tensor(b, row, 1, 1, 1, 29).slice(3, 0, 3), 0.5f, 1.5f)
                };
            });
        }
    }

    @Test
    void reductions() {
        float[] x = data(8, SHAPE);
        float[] longRows = data(9, 3, 70_001);
        float[] tallColumns = data(10, 9_001, 37);
        for (ReduceOp op : ReduceOp.values()) {
            sameEverywhere(op.toString(), b -> {
                Tensor t = tensor(b, x, SHAPE);
                return new Tensor[] {
                    Ops.reduce(op, t, 1, true),
                    Ops.reduce(op, t, 1, true, 0, 2, 3),
                    Ops.reduce(op, t, 1, true, 0),
                    Ops.reduce(op, t, 1, true, 1, 2),
                    Ops.reduce(op, tensor(b, longRows, 3, 70_001), 1, true, 1),
                    Ops.reduce(op, tensor(b, tallColumns, 9_001, 37), 1, true, 0)
                };
            });
        }
    }

    @Test
    void groupNormAndSoftmax() {
        float[] x = data(11, 2, 64, 17, 19);
        float[] gamma = data(12, 64);
        float[] beta = data(13, 64);
        float[] dy = data(14, 2, 64, 17, 19);
        float[] logits = data(15, 300, 257);
        float[] dl = data(16, 300, 257);
        sameEverywhere("groupNorm and softmax", b -> {
            Tensor tx = tensor(b, x, 2, 64, 17, 19);
            Tensor tg = tensor(b, gamma, 64);
            NnOps.GroupNormResult r = NnOps.groupNorm(tx, tg, tensor(b, beta, 64), 32, 1e-5f);
            NnOps.GroupNormGrads g = NnOps.groupNormBackward(tensor(b, dy, 2, 64, 17, 19), tx, tg, r.mean(), r.rstd(), 32, true);
            Tensor y = NnOps.softmax(tensor(b, logits, 300, 257), -1);
            Tensor dx = NnOps.softmaxBackward(y, tensor(b, dl, 300, 257), -1);
            return new Tensor[] {r.out(), r.mean(), r.rstd(), g.dx(), g.dgamma(), g.dbeta(), y, dx};
        });
    }

    @Test
    void attention() {
        float[] q = data(17, 2, 16, 37);
        float[] k = data(18, 2, 16, 41);
        float[] v = data(19, 2, 16, 41);
        float[] dout = data(20, 2, 16, 37);
        sameEverywhere("attention", b -> {
            Tensor tq = tensor(b, q, 2, 16, 37);
            Tensor tk = tensor(b, k, 2, 16, 41);
            Tensor tv = tensor(b, v, 2, 16, 41);
            NnOps.AttentionResult r = NnOps.attention(tq, tk, tv);
            NnOps.AttentionGrads g = NnOps.attentionBackward(tq, tk, tv, r.weights(), tensor(b, dout, 2, 16, 37));
            return new Tensor[] {r.out(), r.weights(), g.dq(), g.dk(), g.dv()};
        });
    }

    @Test
    void resampleAndResize() {
        float[] x = data(21, 4, 16, 37, 41);
        float[] box = {0.25f, 0.25f, 0.25f, 0.25f};
        float[] wide = new float[16];
        java.util.Arrays.fill(wide, 1 / 16f);
        sameEverywhere("firDown, firUp, resize", b -> {
            Tensor t = tensor(b, x, 4, 16, 37, 41);
            Tensor down = NnOps.firDown(t, box, 2, 0, 1f);
            return new Tensor[] {
                down,
                NnOps.firUp(down, box, 2, 0, 4f, 37, 41),
                NnOps.firDown(t, wide, 4, 1, 1f),
                NnOps.firUp(t, wide, 4, 1, 4f, 74, 82),
                NnOps.resize(t, 13, 11, ResizeFilter.BICUBIC, true),
                NnOps.resize(t, 53, 70, ResizeFilter.BILINEAR, false),
                NnOps.resizeBackward(tensor(b, uniform(22, 4 * 16 * 13 * 11, -1, 1), 4, 16, 13, 11),
                        new int[] {4, 16, 37, 41}, ResizeFilter.BICUBIC, true)
            };
        });
    }
}
