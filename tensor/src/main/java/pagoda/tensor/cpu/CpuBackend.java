package pagoda.tensor.cpu;

import pagoda.tensor.Backend;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Storage;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;
import pagoda.tensor.random.Philox;

/**
 * The fast CPU backend: float32 on heap arrays, kernels on the Vector API ({@link Simd#F}), one work
 * pool of {@code threads} threads. Each op family lives in its own kernel class; this class only routes.
 */
public final class CpuBackend implements Backend {
    /** Elements per random-number task: a multiple of Philox's block of 4, fixed so results never depend on threads. */
    private static final int RANDOM_CHUNK = 1 << 16;

    private final WorkPool pool;
    private final String name;

    public CpuBackend(int threads) {
        this.pool = new WorkPool(threads);
        this.name = "cpu";
    }

    /** Threads in the pool, the caller included. */
    public int threads() {
        return pool.threads();
    }

    public WorkPool pool() {
        return pool;
    }

    @Override
    public String name() {
        return name;
    }

    static float[] data(Tensor t) {
        return ((CpuStorage) t.storage()).data;
    }

    @Override
    public Storage allocate(long numel) {
        return new CpuStorage(this, numel);
    }

    @Override
    public void upload(float[] src, int srcOffset, Storage dst, long dstOffset, int length) {
        System.arraycopy(src, srcOffset, ((CpuStorage) dst).data, Math.toIntExact(dstOffset), length);
    }

    @Override
    public void uploadDoubles(double[] src, int srcOffset, Storage dst, long dstOffset, int length) {
        float[] d = ((CpuStorage) dst).data;
        int o = Math.toIntExact(dstOffset);
        for (int i = 0; i < length; i++) {
            d[o + i] = (float) src[srcOffset + i];
        }
    }

    @Override
    public void download(Storage src, long srcOffset, float[] dst, int dstOffset, int length) {
        System.arraycopy(((CpuStorage) src).data, Math.toIntExact(srcOffset), dst, dstOffset, length);
    }

    @Override
    public void downloadDoubles(Storage src, long srcOffset, double[] dst, int dstOffset, int length) {
        float[] s = ((CpuStorage) src).data;
        int o = Math.toIntExact(srcOffset);
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = s[o + i];
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        CpuCopy.copy(pool, src, dst);
    }

    @Override
    public void fill(Tensor dst, float value) {
        CpuCopy.fill(pool, dst, value);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, float p0, float p1, Tensor out) {
        CpuElementwise.unary(pool, op, x, p0, p1, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, float p0, float p1, Tensor out) {
        CpuElementwise.binary(pool, op, a, b, p0, p1, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, float p0, Tensor out) {
        CpuReduce.reduce(pool, op, x, axes, p0, out);
    }

    @Override
    public void matmul(Tensor a, Tensor b, float alpha, float beta, Tensor c) {
        int[] as = a.shape();
        long[] ast = a.strides();
        long[] bst = b.strides();
        Sgemm.gemm(pool, as[0], as[1], b.size(2), as[2], alpha,
                data(a), a.offset(), ast[0], ast[1], ast[2],
                data(b), b.offset(), bst[0], bst[1], bst[2],
                beta, data(c), c.offset(), (long) as[1] * b.size(2), b.size(2));
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, Conv2dSpec spec, UnaryOp act, float actP0, Tensor out) {
        CpuConv.forward(pool, x, w, bias, spec, act, actP0, out);
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Conv2dSpec spec, Tensor dx) {
        CpuConv.backwardData(pool, dy, w, spec, dx);
    }

    @Override
    public void conv2dBackwardWeight(Tensor dy, Tensor x, Conv2dSpec spec, Tensor dw) {
        CpuConv.backwardWeight(pool, dy, x, spec, dw);
    }

    @Override
    public void firDown(Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        CpuResample.firDown(pool, x, filter, k, pad, gain, out);
    }

    @Override
    public void firUp(Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        CpuResample.firUp(pool, x, filter, k, pad, gain, out);
    }

    @Override
    public void groupNorm(Tensor x, Tensor gamma, Tensor beta, int groups, float eps, Tensor out, Tensor mean, Tensor rstd) {
        CpuNorm.groupNorm(pool, x, gamma, beta, groups, eps, out, mean, rstd);
    }

    @Override
    public void groupNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, int groups,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        CpuNorm.groupNormBackward(pool, dy, x, gamma, mean, rstd, groups, dx, dgamma, dbeta);
    }

    @Override
    public void batchNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        CpuBatchNorm.forward(pool, x, gamma, beta, eps, out, mean, rstd);
    }

    @Override
    public void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        CpuBatchNorm.backward(pool, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
    }

    @Override
    public void softmax(Tensor x, Tensor out) {
        CpuNorm.softmax(pool, x, out);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        CpuNorm.softmaxBackward(pool, y, dy, dx);
    }

    @Override
    public void attention(Tensor q, Tensor k, Tensor v, Tensor out, Tensor weights) {
        CpuAttention.forward(pool, q, k, v, out, weights);
    }

    @Override
    public void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor weights, Tensor dout, Tensor dq, Tensor dk, Tensor dv) {
        CpuAttention.backward(pool, q, k, v, weights, dout, dq, dk, dv);
    }

    @Override
    public void resize(Tensor x, ResizeFilter filter, boolean antialias, Tensor out) {
        CpuResize.resize(pool, x, filter, antialias, out);
    }

    @Override
    public void resizeBackward(Tensor dy, ResizeFilter filter, boolean antialias, Tensor dx) {
        CpuResize.resizeBackward(pool, dy, filter, antialias, dx);
    }

    @Override
    public void translate(Tensor x, int[] shiftH, int[] shiftW, Tensor out) {
        CpuTranslate.translate(pool, x, shiftH, shiftW, out);
    }

    @Override
    public void random(Tensor out, boolean normal, long seed, long offset, float p0, float p1) {
        float[] o = data(out);
        int base = Math.toIntExact(out.offset());
        long n = out.numel();
        int tasks = (int) ((n + RANDOM_CHUNK - 1) / RANDOM_CHUNK);
        pool.run(tasks, t -> {
            long start = (long) t * RANDOM_CHUNK;
            int len = (int) Math.min(RANDOM_CHUNK, n - start);
            Philox.fill(o, base + (int) start, len, seed, offset + start, normal, p0, p1);
        });
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "cpu (" + pool.threads() + " threads, " + Simd.F.vectorBitSize() + "-bit vectors)";
    }
}
