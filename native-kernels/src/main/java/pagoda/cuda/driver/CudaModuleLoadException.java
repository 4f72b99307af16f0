package pagoda.cuda.driver;

/**
 * A module could not be loaded or a kernel found in it: invalid or too new PTX, no JIT compiler, no code
 * for this GPU, or a missing kernel name. {@link #jitLog()} holds what the driver's JIT compiler wrote (its
 * error log, else its info log), empty when it wrote nothing.
 */
public class CudaModuleLoadException extends CudaException {
    private final String jitLog;

    public CudaModuleLoadException(int code, String errorName, String call, String jitLog) {
        super(code, errorName, call, jitLog == null || jitLog.isBlank() ? "" : "JIT log:\n" + jitLog.strip());
        this.jitLog = jitLog == null ? "" : jitLog.strip();
    }

    public String jitLog() {
        return jitLog;
    }
}
