package pagoda.cuda.driver;

import jcuda.driver.CUcontext;
import jcuda.driver.JCudaDriver;

/**
 * The device's primary context (the one the CUDA runtime and vendor libraries share), retained for the
 * lifetime of this object. Driver calls act on the calling thread's current context: every thread that
 * launches work calls {@link #makeCurrent()} first.
 */
public final class CudaContext implements AutoCloseable {
    private final CudaDevice device;
    private final CUcontext context;
    private boolean closed;

    private CudaContext(CudaDevice device, CUcontext context) {
        this.device = device;
        this.context = context;
    }

    public static CudaContext primary(CudaDevice device) {
        CUcontext c = new CUcontext();
        CudaErrors.check(JCudaDriver.cuDevicePrimaryCtxRetain(c, device.handle()), "cuDevicePrimaryCtxRetain(" + device.ordinal() + ")");
        CudaContext ctx = new CudaContext(device, c);
        ctx.makeCurrent();
        return ctx;
    }

    public CudaDevice device() {
        return device;
    }

    public void makeCurrent() {
        CudaErrors.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** Waits for all work in the context; reports a kernel fault from earlier launches. */
    public void synchronize() {
        CudaErrors.check(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            CudaErrors.check(JCudaDriver.cuDevicePrimaryCtxRelease(device.handle()), "cuDevicePrimaryCtxRelease");
        }
    }
}
