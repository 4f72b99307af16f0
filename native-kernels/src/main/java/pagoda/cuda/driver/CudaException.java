package pagoda.cuda.driver;

/**
 * A CUDA driver call failed. Carries the driver's result code and its name ({@code CUDA_ERROR_OUT_OF_MEMORY}),
 * and the call that returned it; subclasses say what kind of failure it is. {@link CudaErrors#of} picks the
 * type from the code.
 */
public class CudaException extends RuntimeException {
    private final int code;
    private final String errorName;
    private final String call;

    public CudaException(int code, String errorName, String call, String detail) {
        super(call + " failed: " + errorName + " (" + code + ")" + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.code = code;
        this.errorName = errorName;
        this.call = call;
    }

    /** The driver's result code (CUresult). */
    public int code() {
        return code;
    }

    /** The result's name, as cuda.h spells it. */
    public String errorName() {
        return errorName;
    }

    /** The driver call, with what it was asked to do ("cuMemAlloc(4096 bytes)"). */
    public String call() {
        return call;
    }
}
