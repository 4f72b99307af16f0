package pagoda.cuda.driver;

/** The device has no room for an allocation (CUDA_ERROR_OUT_OF_MEMORY), even after the allocator's cache was freed. */
public class CudaOutOfMemoryException extends CudaException {
    public CudaOutOfMemoryException(int code, String errorName, String call, String detail) {
        super(code, errorName, call, detail);
    }
}
