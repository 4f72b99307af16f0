package pagoda.cuda.driver;

/**
 * No usable GPU: no NVIDIA driver (libcuda.so.1 not found), a driver too old for this program, no device,
 * or a device that is busy or prohibited. {@link #reason()} is one short line for "cuda: unavailable (reason)".
 */
public class CudaUnavailableException extends CudaException {
    private final String reason;

    public CudaUnavailableException(int code, String errorName, String call, String reason) {
        super(code, errorName, call, reason);
        this.reason = reason;
    }

    /** Not a driver result: the driver could not even be loaded (see {@link CudaDriver}). */
    public CudaUnavailableException(String reason) {
        super(-1, "NO_DRIVER", "loading the CUDA driver", reason);
        this.reason = reason;
    }

    /** Why CUDA cannot be used here, for a user. */
    public String reason() {
        return reason;
    }
}
