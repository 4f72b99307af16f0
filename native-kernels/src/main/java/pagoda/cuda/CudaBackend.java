package pagoda.cuda;

import jcuda.driver.JCudaDriver;
import pagoda.cuda.driver.CachingAllocator;
import pagoda.cuda.driver.CudaErrors;
import pagoda.cuda.driver.CudaUnavailableException;
import pagoda.cuda.driver.DeviceBuffer;
import pagoda.cuda.kernels.Attention;
import pagoda.cuda.kernels.AttentionBackward;
import pagoda.cuda.kernels.BatchNorm;
import pagoda.cuda.kernels.BatchNormBackward;
import pagoda.cuda.kernels.Binary;
import pagoda.cuda.kernels.Conv2d;
import pagoda.cuda.kernels.Conv2dBackwardData;
import pagoda.cuda.kernels.Conv2dBackwardWeight;
import pagoda.cuda.kernels.Copy;
import pagoda.cuda.kernels.Fill;
import pagoda.cuda.kernels.FirDown;
import pagoda.cuda.kernels.FirUp;
import pagoda.cuda.kernels.Gemm;
import pagoda.cuda.kernels.GroupNorm;
import pagoda.cuda.kernels.GroupNormBackward;
import pagoda.cuda.kernels.Random;
import pagoda.cuda.kernels.Reduce;
import pagoda.cuda.kernels.Resize;
import pagoda.cuda.kernels.ResizeBackward;
import pagoda.cuda.kernels.Softmax;
import pagoda.cuda.kernels.SoftmaxBackward;
import pagoda.cuda.kernels.Translate;
import pagoda.cuda.kernels.Unary;
import pagoda.tensor.Backend;
import pagoda.tensor.BackendUnavailableException;
import pagoda.tensor.BinaryOp;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.ReduceOp;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Storage;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/**
 * The CUDA backend: float32 tensors in device memory and our own kernels (src/main/cuda, one .cu and one
 * launcher per op), over JCuda's driver API. Ops are queued on one stream and return at once; downloads
 * wait for them. Matrix products and convolutions use the {@link Precision} of
 * {@code -Dpagoda.cuda.precision} (default: float32-accurate 3xTF32).
 *
 * <p>Without a driver or a device the constructor throws {@link BackendUnavailableException}, whose message
 * reads "cuda: unavailable (reason)": JCuda is loaded behind {@link pagoda.cuda.driver.CudaDriver}, so a
 * missing libcuda.so.1 is a message, never a crash.
 */
public final class CudaBackend implements Backend {
    private final Gpu gpu;
    private final String name;

    /** Device 0 at the precision of {@code -Dpagoda.cuda.precision}. */
    public CudaBackend() {
        this(0, Precision.fromProperty());
    }

    public CudaBackend(int device, Precision precision) {
        try {
            this.gpu = Gpu.open(device, precision);
        } catch (CudaUnavailableException e) {
            throw new BackendUnavailableException("cuda", e.reason(), e);
        }
        this.name = "cuda:" + device;
    }

    @Override
    public String name() {
        return name;
    }

    public Gpu gpu() {
        return gpu;
    }

    public Precision precision() {
        return gpu.precision();
    }

    public CachingAllocator.Stats memoryStats() {
        return gpu.memoryStats();
    }

    // ---- memory and transfers ------------------------------------------------------------------

    @Override
    public Storage allocate(long numel) {
        gpu.enter();
        if (numel == 0) {
            return new CudaStorage(this, 0, null);
        }
        DeviceBuffer b = gpu.allocate(numel * Float.BYTES);
        CudaErrors.check(JCudaDriver.cuMemsetD32Async(b.at(0), 0, numel, gpu.stream().handle()), "cuMemsetD32Async(" + numel + ")");
        return new CudaStorage(this, numel, b);
    }

    private static DeviceBuffer buffer(Storage s) {
        return ((CudaStorage) s).buffer();
    }

    @Override
    public void upload(float[] src, int srcOffset, Storage dst, long dstOffset, int length) {
        if (length == 0) {
            return;
        }
        gpu.enter();
        buffer(dst).upload(src, srcOffset, dstOffset, length);
    }

    @Override
    public void uploadDoubles(double[] src, int srcOffset, Storage dst, long dstOffset, int length) {
        float[] f = new float[length];
        for (int i = 0; i < length; i++) {
            f[i] = (float) src[srcOffset + i];
        }
        upload(f, 0, dst, dstOffset, length);
    }

    @Override
    public void download(Storage src, long srcOffset, float[] dst, int dstOffset, int length) {
        if (length == 0) {
            return;
        }
        gpu.enter();
        gpu.stream().synchronize();
        buffer(src).download(srcOffset, dst, dstOffset, length);
    }

    @Override
    public void downloadDoubles(Storage src, long srcOffset, double[] dst, int dstOffset, int length) {
        float[] f = new float[length];
        download(src, srcOffset, f, 0, length);
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = f[i];
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        gpu.enter();
        Copy.run(gpu, src, dst);
    }

    @Override
    public void fill(Tensor dst, float value) {
        gpu.enter();
        Fill.run(gpu, dst, value);
    }

    // ---- ops -------------------------------------------------------------------------------------

    @Override
    public void unary(UnaryOp op, Tensor x, float p0, float p1, Tensor out) {
        gpu.enter();
        Unary.run(gpu, op, x, p0, p1, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, float p0, float p1, Tensor out) {
        gpu.enter();
        Binary.run(gpu, op, a, b, p0, p1, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, float p0, Tensor out) {
        gpu.enter();
        Reduce.run(gpu, op, x, axes, p0, out);
    }

    @Override
    public void matmul(Tensor a, Tensor b, float alpha, float beta, Tensor c) {
        gpu.enter();
        Gemm.run(gpu, a, b, alpha, beta, c);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, Conv2dSpec spec, UnaryOp act, float actP0, Tensor out) {
        gpu.enter();
        Conv2d.run(gpu, x, w, bias, spec, act, actP0, out);
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Conv2dSpec spec, Tensor dx) {
        gpu.enter();
        Conv2dBackwardData.run(gpu, dy, w, spec, dx);
    }

    @Override
    public void conv2dBackwardWeight(Tensor dy, Tensor x, Conv2dSpec spec, Tensor dw) {
        gpu.enter();
        Conv2dBackwardWeight.run(gpu, dy, x, spec, dw);
    }

    @Override
    public void firDown(Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        gpu.enter();
        FirDown.run(gpu, x, filter, k, pad, gain, out);
    }

    @Override
    public void firUp(Tensor x, float[] filter, int k, int pad, float gain, Tensor out) {
        gpu.enter();
        FirUp.run(gpu, x, filter, k, pad, gain, out);
    }

    @Override
    public void groupNorm(Tensor x, Tensor gamma, Tensor beta, int groups, float eps, Tensor out, Tensor mean, Tensor rstd) {
        gpu.enter();
        GroupNorm.run(gpu, x, gamma, beta, groups, eps, out, mean, rstd);
    }

    @Override
    public void groupNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, int groups,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        gpu.enter();
        GroupNormBackward.run(gpu, dy, x, gamma, mean, rstd, groups, dx, dgamma, dbeta);
    }

    @Override
    public void batchNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        gpu.enter();
        BatchNorm.run(gpu, x, gamma, beta, eps, out, mean, rstd);
    }

    @Override
    public void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        gpu.enter();
        BatchNormBackward.run(gpu, dy, x, gamma, mean, rstd, dx, dgamma, dbeta);
    }

    @Override
    public void softmax(Tensor x, Tensor out) {
        gpu.enter();
        Softmax.run(gpu, x, out);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        gpu.enter();
        SoftmaxBackward.run(gpu, y, dy, dx);
    }

    @Override
    public void attention(Tensor q, Tensor k, Tensor v, Tensor out, Tensor weights) {
        gpu.enter();
        Attention.run(gpu, q, k, v, out, weights);
    }

    @Override
    public void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor weights, Tensor dout, Tensor dq, Tensor dk, Tensor dv) {
        gpu.enter();
        AttentionBackward.run(gpu, q, k, v, weights, dout, dq, dk, dv);
    }

    @Override
    public void resize(Tensor x, ResizeFilter filter, boolean antialias, Tensor out) {
        gpu.enter();
        Resize.run(gpu, x, filter, antialias, out);
    }

    @Override
    public void resizeBackward(Tensor dy, ResizeFilter filter, boolean antialias, Tensor dx) {
        gpu.enter();
        ResizeBackward.run(gpu, dy, filter, antialias, dx);
    }

    @Override
    public void translate(Tensor x, int[] shiftH, int[] shiftW, Tensor out) {
        gpu.enter();
        Translate.run(gpu, x, shiftH, shiftW, out);
    }

    @Override
    public void random(Tensor out, boolean normal, long seed, long offset, float p0, float p1) {
        gpu.enter();
        Random.run(gpu, out, normal, seed, offset, p0, p1);
    }

    @Override
    public void synchronize() {
        gpu.synchronize();
    }

    @Override
    public void close() {
        gpu.close();
    }

    @Override
    public String toString() {
        return name + " (" + gpu.device().describe() + ", " + gpu.precision().suffix() + ")";
    }
}
