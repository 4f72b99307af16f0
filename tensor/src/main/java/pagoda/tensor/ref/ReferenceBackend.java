package pagoda.tensor.ref;

import pagoda.tensor.*;

/** Temporary stub: replaced by the scalar twin. */
public final class ReferenceBackend implements Backend {
    private static UnsupportedOperationException todo() {
        return new UnsupportedOperationException("ReferenceBackend: not implemented yet");
    }
    @Override public String name() { return "reference"; }
    @Override public Storage allocate(long numel) { throw todo(); }
    @Override public void upload(float[] src, int srcOffset, Storage dst, long dstOffset, int length) { throw todo(); }
    @Override public void uploadDoubles(double[] src, int srcOffset, Storage dst, long dstOffset, int length) { throw todo(); }
    @Override public void download(Storage src, long srcOffset, float[] dst, int dstOffset, int length) { throw todo(); }
    @Override public void downloadDoubles(Storage src, long srcOffset, double[] dst, int dstOffset, int length) { throw todo(); }
    @Override public void copy(Tensor src, Tensor dst) { throw todo(); }
    @Override public void fill(Tensor dst, float value) { throw todo(); }
    @Override public void unary(UnaryOp op, Tensor x, float p0, float p1, Tensor out) { throw todo(); }
    @Override public void binary(BinaryOp op, Tensor a, Tensor b, float p0, float p1, Tensor out) { throw todo(); }
    @Override public void reduce(ReduceOp op, Tensor x, int[] axes, float p0, Tensor out) { throw todo(); }
    @Override public void matmul(Tensor a, Tensor b, float alpha, float beta, Tensor c) { throw todo(); }
    @Override public void conv2d(Tensor x, Tensor w, Tensor bias, Conv2dSpec spec, UnaryOp act, float actP0, Tensor out) { throw todo(); }
    @Override public void conv2dBackwardData(Tensor dy, Tensor w, Conv2dSpec spec, Tensor dx) { throw todo(); }
    @Override public void conv2dBackwardWeight(Tensor dy, Tensor x, Conv2dSpec spec, Tensor dw) { throw todo(); }
    @Override public void firDown(Tensor x, float[] filter, int k, int pad, float gain, Tensor out) { throw todo(); }
    @Override public void firUp(Tensor x, float[] filter, int k, int pad, float gain, Tensor out) { throw todo(); }
    @Override public void groupNorm(Tensor x, Tensor gamma, Tensor beta, int groups, float eps, Tensor out, Tensor mean, Tensor rstd) { throw todo(); }
    @Override public void groupNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, int groups, Tensor dx, Tensor dgamma, Tensor dbeta) { throw todo(); }
    @Override public void softmax(Tensor x, Tensor out) { throw todo(); }
    @Override public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) { throw todo(); }
    @Override public void attention(Tensor q, Tensor k, Tensor v, Tensor out, Tensor weights) { throw todo(); }
    @Override public void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor weights, Tensor dout, Tensor dq, Tensor dk, Tensor dv) { throw todo(); }
    @Override public void resize(Tensor x, ResizeFilter filter, boolean antialias, Tensor out) { throw todo(); }
    @Override public void resizeBackward(Tensor dy, ResizeFilter filter, boolean antialias, Tensor dx) { throw todo(); }
    @Override public void random(Tensor out, boolean normal, long seed, long offset, float p0, float p1) { throw todo(); }
    @Override public void close() { }
}
