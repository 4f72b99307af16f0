package pagoda.tensor.ref;

import java.util.Arrays;
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
 * The scalar twin: every op of the {@link Backend} contract in float64 with plain single-threaded loops,
 * written from the definitions so that it is obviously right; the oracle of every backend test. Storage
 * is double[]; uploads keep every value (float or double) exactly, {@link #download} rounds to float.
 * Each op family lives in its own class; this one routes and moves data.
 */
public final class ReferenceBackend implements Backend {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public Storage allocate(long numel) {
        return new RefStorage(this, numel);
    }

    @Override
    public void upload(float[] src, int srcOffset, Storage dst, long dstOffset, int length) {
        double[] d = ((RefStorage) dst).data;
        int o = Math.toIntExact(dstOffset);
        for (int i = 0; i < length; i++) {
            d[o + i] = src[srcOffset + i];
        }
    }

    @Override
    public void uploadDoubles(double[] src, int srcOffset, Storage dst, long dstOffset, int length) {
        System.arraycopy(src, srcOffset, ((RefStorage) dst).data, Math.toIntExact(dstOffset), length);
    }

    @Override
    public void download(Storage src, long srcOffset, float[] dst, int dstOffset, int length) {
        double[] s = ((RefStorage) src).data;
        int o = Math.toIntExact(srcOffset);
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = (float) s[o + i];
        }
    }

    @Override
    public void downloadDoubles(Storage src, long srcOffset, double[] dst, int dstOffset, int length) {
        System.arraycopy(((RefStorage) src).data, Math.toIntExact(srcOffset), dst, dstOffset, length);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        RefStorage.write(dst, RefStorage.read(src));
    }

    @Override
    public void fill(Tensor dst, float value) {
        double[] v = new double[Math.toIntExact(dst.numel())];
        Arrays.fill(v, value);
        RefStorage.write(dst, v);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, float p0, float p1, Tensor out) {
        RefElementwise.unary(op, x, p0, p1, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, float p0, float p1, Tensor out) {
        RefElementwise.binary(op, a, b, p0, p1, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, float p0, Tensor out) {
        RefElementwise.reduce(op, x, axes, p0, out);
    }

    @Override
    public void matmul(Tensor a, Tensor b, float alpha, float beta, Tensor c) {
        RefLinear.matmul(a, b, alpha, beta, c);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, Conv2dSpec spec, UnaryOp act, float actP0, Tensor out) {
        RefLinear.conv2d(x, w, bias, spec, act, actP0, out);
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Conv2dSpec spec, Tensor dx) {
        RefLinear.backwardData(dy, w, spec, dx);
    }

    @Override
    public void conv2dBackwardWeight(Tensor dy, Tensor x, Conv2dSpec spec, Tensor dw) {
        RefLinear.backwardWeight(dy, x, spec, dw);
    }

    @Override
    public void firDown(Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        RefResample.firDown(x, filter, k, pad, gain, out);
    }

    @Override
    public void firUp(Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        RefResample.firUp(x, filter, k, pad, gain, out);
    }

    @Override
    public void groupNorm(Tensor x, Tensor gamma, Tensor beta, int groups, float eps, Tensor out, Tensor mean, Tensor rstd) {
        RefNn.groupNorm(x, gamma, beta, groups, eps, out, mean, rstd);
    }

    @Override
    public void groupNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, int groups,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        RefNn.groupNormBackward(dy, x, gamma, mean, rstd, groups, dx, dgamma, dbeta);
    }

    @Override
    public void batchNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        RefBatchNorm.forward(x, gamma, beta, eps, out, mean, rstd);
    }

    @Override
    public void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        RefBatchNorm.backward(dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
    }

    @Override
    public void softmax(Tensor x, Tensor out) {
        RefNn.softmax(x, out);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        RefNn.softmaxBackward(y, dy, dx);
    }

    @Override
    public void attention(Tensor q, Tensor k, Tensor v, Tensor out, Tensor weights) {
        RefNn.attention(q, k, v, out, weights);
    }

    @Override
    public void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor weights, Tensor dout, Tensor dq, Tensor dk, Tensor dv) {
        RefNn.attentionBackward(q, k, v, weights, dout, dq, dk, dv);
    }

    @Override
    public void resize(Tensor x, ResizeFilter filter, boolean antialias, Tensor out) {
        RefResize.resize(x, filter, antialias, out);
    }

    @Override
    public void resizeBackward(Tensor dy, ResizeFilter filter, boolean antialias, Tensor dx) {
        RefResize.resizeBackward(dy, filter, antialias, dx);
    }

    /** The float32 Philox stream, widened: both backends hold identical values. */
    @Override
    public void translate(Tensor x, int[] shiftH, int[] shiftW, Tensor out) {
        RefTranslate.translate(x, shiftH, shiftW, out);
    }

    @Override
    public void random(Tensor out, boolean normal, long seed, long offset, float p0, float p1) {
        float[] draws = new float[Math.toIntExact(out.numel())];
        Philox.fill(draws, 0, draws.length, seed, offset, normal, p0, p1);
        double[] v = new double[draws.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = draws[i];
        }
        RefStorage.write(out, v);
    }

    /** Nothing to release: the backend holds no threads or native memory. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "reference (float64, scalar)";
    }
}
