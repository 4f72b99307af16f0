package pagoda.cuda.driver;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUjit_option;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;
import jcuda.driver.JITOptions;

/**
 * A module loaded from PTX: the driver's JIT compiles it for the current device. A failed load throws a
 * {@link CudaModuleLoadException} carrying the JIT's log.
 */
public final class CudaModule implements AutoCloseable {
    private static final int LOG_BYTES = 16 * 1024;

    private final String name;
    private final CUmodule module;
    private boolean closed;

    private CudaModule(String name, CUmodule module) {
        this.name = name;
        this.module = module;
    }

    /** Loads {@code ptx} (the text of a .ptx file) under {@code name}, for messages. */
    public static CudaModule load(String name, byte[] ptx) {
        byte[] image = Arrays.copyOf(ptx, ptx.length + 1);
        JITOptions options = new JITOptions();
        options.putBytes(CUjit_option.CU_JIT_ERROR_LOG_BUFFER, new byte[LOG_BYTES]);
        options.putInt(CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, LOG_BYTES);
        options.putBytes(CUjit_option.CU_JIT_INFO_LOG_BUFFER, new byte[LOG_BYTES]);
        options.putInt(CUjit_option.CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES, LOG_BYTES);
        CUmodule m = new CUmodule();
        int rc = JCudaDriver.cuModuleLoadDataJIT(m, Pointer.to(image), options);
        if (rc != CudaErrors.SUCCESS) {
            String log = text(options.getBytes(CUjit_option.CU_JIT_ERROR_LOG_BUFFER));
            if (log.isBlank()) {
                log = text(options.getBytes(CUjit_option.CU_JIT_INFO_LOG_BUFFER));
            }
            throw CudaErrors.of(rc, "cuModuleLoadDataEx(" + name + ")", log);
        }
        return new CudaModule(name, m);
    }

    private static String text(byte[] b) {
        if (b == null) {
            return "";
        }
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** The kernel {@code entry} (an extern "C" __global__ function of the module). */
    public CudaKernel kernel(String entry) {
        CUfunction f = new CUfunction();
        CudaErrors.check(JCudaDriver.cuModuleGetFunction(f, module, entry), "cuModuleGetFunction(" + name + ", " + entry + ")");
        return new CudaKernel(name + ":" + entry, f);
    }

    public String name() {
        return name;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            CudaErrors.check(JCudaDriver.cuModuleUnload(module), "cuModuleUnload(" + name + ")");
        }
    }
}
