package pagoda.cuda.driver;

import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/** A stream: work launched on it runs in order. Blocking (the default flag), so it also orders with the legacy default stream. */
public final class CudaStream implements AutoCloseable {
    private final CUstream stream;
    private boolean closed;

    private CudaStream(CUstream stream) {
        this.stream = stream;
    }

    public static CudaStream create() {
        CUstream s = new CUstream();
        CudaErrors.check(JCudaDriver.cuStreamCreate(s, CUstream_flags.CU_STREAM_DEFAULT), "cuStreamCreate");
        return new CudaStream(s);
    }

    public CUstream handle() {
        return stream;
    }

    /** Waits for the stream's work; reports a kernel fault from it. */
    public void synchronize() {
        CudaErrors.check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            CudaErrors.check(JCudaDriver.cuStreamDestroy(stream), "cuStreamDestroy");
        }
    }
}
