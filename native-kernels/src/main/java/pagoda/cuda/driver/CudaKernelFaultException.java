package pagoda.cuda.driver;

/**
 * A kernel faulted or could not start: an illegal or misaligned address, an illegal instruction, a trap or
 * assertion, a timeout, or too many resources asked for at launch. Faults are reported by the next driver
 * call after the launch and leave the context unusable: the backend must be closed.
 */
public class CudaKernelFaultException extends CudaException {
    public CudaKernelFaultException(int code, String errorName, String call, String detail) {
        super(code, errorName, call, detail);
    }
}
