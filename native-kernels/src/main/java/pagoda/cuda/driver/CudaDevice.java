package pagoda.cuda.driver;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

/** One GPU and the properties the launchers size their grids and shared memory by. */
public record CudaDevice(int ordinal, CUdevice handle, String name, int major, int minor, int multiprocessors,
                         long totalMemory, int maxSharedPerBlock) {

    /** Device {@code ordinal}; the driver must be available ({@link CudaDriver#require()}). */
    public static CudaDevice open(int ordinal) {
        CudaDriver.Status s = CudaDriver.require();
        if (ordinal < 0 || ordinal >= s.devices()) {
            throw new IllegalArgumentException("cuda: device " + ordinal + " does not exist (" + s.devices() + " found)");
        }
        CUdevice d = new CUdevice();
        CudaErrors.check(JCudaDriver.cuDeviceGet(d, ordinal), "cuDeviceGet(" + ordinal + ")");
        byte[] name = new byte[256];
        CudaErrors.check(JCudaDriver.cuDeviceGetName(name, name.length, d), "cuDeviceGetName");
        long[] mem = new long[1];
        CudaErrors.check(JCudaDriver.cuDeviceTotalMem(mem, d), "cuDeviceTotalMem");
        return new CudaDevice(ordinal, d, cString(name),
                attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT), mem[0],
                attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN));
    }

    private static int attribute(CUdevice d, int attribute) {
        int[] v = new int[1];
        CudaErrors.check(JCudaDriver.cuDeviceGetAttribute(v, attribute, d), "cuDeviceGetAttribute(" + attribute + ")");
        return v[0];
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** "NVIDIA H100 80GB HBM3 (sm_90, 132 SMs, 79.2 GiB)". */
    public String describe() {
        return String.format(Locale.ROOT, "%s (sm_%d%d, %d SMs, %.1f GiB)", name, major, minor, multiprocessors,
                totalMemory / (double) (1L << 30));
    }
}
