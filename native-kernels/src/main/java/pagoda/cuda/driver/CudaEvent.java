package pagoda.cuda.driver;

import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.JCudaDriver;

/** A timing event: recorded on a stream, it marks when the work before it has finished on the device. */
public final class CudaEvent implements AutoCloseable {
    private final CUevent event;
    private boolean closed;

    private CudaEvent(CUevent event) {
        this.event = event;
    }

    public static CudaEvent create() {
        CUevent e = new CUevent();
        CudaErrors.check(JCudaDriver.cuEventCreate(e, CUevent_flags.CU_EVENT_DEFAULT), "cuEventCreate");
        return new CudaEvent(e);
    }

    public void record(CudaStream stream) {
        CudaErrors.check(JCudaDriver.cuEventRecord(event, stream.handle()), "cuEventRecord");
    }

    public void synchronize() {
        CudaErrors.check(JCudaDriver.cuEventSynchronize(event), "cuEventSynchronize");
    }

    /** Device time from {@code start} to this event, in milliseconds (resolution about 0.5 us); both must have completed. */
    public float millisSince(CudaEvent start) {
        float[] ms = new float[1];
        CudaErrors.check(JCudaDriver.cuEventElapsedTime(ms, start.event, event), "cuEventElapsedTime");
        return ms[0];
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            CudaErrors.check(JCudaDriver.cuEventDestroy(event), "cuEventDestroy");
        }
    }
}
