package pagoda.cuda.driver;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/** Device memory straight from the driver (cuMemAlloc, cuMemFree) in the calling thread's current context. */
public final class DriverMemory implements DeviceMemory<CUdeviceptr> {
    @Override
    public CUdeviceptr allocate(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        CudaErrors.check(JCudaDriver.cuMemAlloc(p, bytes), "cuMemAlloc(" + bytes + " bytes)");
        return p;
    }

    @Override
    public void free(CUdeviceptr handle) {
        CudaErrors.check(JCudaDriver.cuMemFree(handle), "cuMemFree");
    }
}
