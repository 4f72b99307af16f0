package pagoda.cuda.driver;

import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.JCudaDriver;

/** One kernel of a loaded {@link CudaModule}; lives as long as its module. */
public final class CudaKernel {
    /** Static shared memory a block may use without opting in. */
    public static final int DEFAULT_SHARED_LIMIT = 48 * 1024;

    private final String name;
    private final CUfunction function;
    private int sharedLimit = DEFAULT_SHARED_LIMIT;

    CudaKernel(String name, CUfunction function) {
        this.name = name;
        this.function = function;
    }

    public String name() {
        return name;
    }

    /**
     * Launches a grid of {@code gx * gy * gz} blocks of {@code threads} threads on {@code stream}, with
     * {@code sharedBytes} of dynamic shared memory (opting in to more than 48 KiB when asked).
     */
    public void launch(int gx, int gy, int gz, int threads, int sharedBytes, CudaStream stream, KernelArgs args) {
        if (sharedBytes > sharedLimit) {
            CudaErrors.check(JCudaDriver.cuFuncSetAttribute(function, CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                    sharedBytes), "cuFuncSetAttribute(" + name + ", max dynamic shared memory " + sharedBytes + ")");
            sharedLimit = sharedBytes;
        }
        int rc = JCudaDriver.cuLaunchKernel(function, gx, gy, gz, threads, 1, 1, sharedBytes, stream.handle(), args.pointer(), null);
        if (rc != CudaErrors.SUCCESS) {
            throw CudaErrors.of(rc, "cuLaunchKernel(" + name + ", grid " + gx + "x" + gy + "x" + gz + ", " + threads
                    + " threads, " + sharedBytes + " bytes shared)", null);
        }
    }
}
