package pagoda.cuda.driver;

import jcuda.driver.CUresult;

/** From a driver result code to its name and to the typed exception that reports it. */
public final class CudaErrors {
    private CudaErrors() {
    }

    /** CUDA_SUCCESS. */
    public static final int SUCCESS = 0;

    /** Not in JCuda 12.6's CUresult table, but returned by drivers older than the toolkit. */
    static final int INSUFFICIENT_DRIVER = 35;

    /**
     * The name cuda.h gives the code ("CUDA_ERROR_OUT_OF_MEMORY"). Pure Java (JCuda's constant table), so it
     * works without a driver; an unknown code reads "CUDA_ERROR_UNKNOWN_CODE_n".
     */
    public static String name(int code) {
        if (code == INSUFFICIENT_DRIVER) {
            return "CUDA_ERROR_INSUFFICIENT_DRIVER";
        }
        String s = CUresult.stringFor(code);
        return s == null || s.startsWith("INVALID") ? "CUDA_ERROR_UNKNOWN_CODE_" + code : s;
    }

    /** Throws the exception for a failed call; does nothing on success. */
    public static void check(int code, String call) {
        if (code != SUCCESS) {
            throw of(code, call, null);
        }
    }

    /** The exception for {@code code} returned by {@code call}; {@code detail} (a JIT log for module loads) may be null. */
    public static CudaException of(int code, String call, String detail) {
        String name = name(code);
        return switch (code) {
            case CUresult.CUDA_ERROR_OUT_OF_MEMORY -> new CudaOutOfMemoryException(code, name, call, detail);
            case CUresult.CUDA_ERROR_NO_DEVICE -> new CudaUnavailableException(code, name, call, "no CUDA device found");
            case INSUFFICIENT_DRIVER, CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH, CUresult.CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE ->
                    new CudaUnavailableException(code, name, call, "the NVIDIA driver is too old for CUDA 12 (" + name + ")");
            case CUresult.CUDA_ERROR_STUB_LIBRARY ->
                    new CudaUnavailableException(code, name, call, "libcuda.so.1 is the toolkit's stub, not a driver");
            case CUresult.CUDA_ERROR_DEVICE_UNAVAILABLE ->
                    new CudaUnavailableException(code, name, call, "the GPU is busy or prohibited (compute mode)");
            case CUresult.CUDA_ERROR_INVALID_PTX, CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION, CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU,
                 CUresult.CUDA_ERROR_JIT_COMPILER_NOT_FOUND, CUresult.CUDA_ERROR_INVALID_IMAGE, CUresult.CUDA_ERROR_NOT_FOUND ->
                    new CudaModuleLoadException(code, name, call, detail);
            case CUresult.CUDA_ERROR_ILLEGAL_ADDRESS, CUresult.CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES, CUresult.CUDA_ERROR_LAUNCH_TIMEOUT,
                 CUresult.CUDA_ERROR_ASSERT, CUresult.CUDA_ERROR_HARDWARE_STACK_ERROR, CUresult.CUDA_ERROR_ILLEGAL_INSTRUCTION,
                 CUresult.CUDA_ERROR_MISALIGNED_ADDRESS, CUresult.CUDA_ERROR_INVALID_PC, CUresult.CUDA_ERROR_LAUNCH_FAILED ->
                    new CudaKernelFaultException(code, name, call, detail);
            default -> new CudaException(code, name, call, detail);
        };
    }
}
