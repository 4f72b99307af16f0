package pagoda.cuda.driver;

import java.util.Locale;
import jcuda.driver.JCudaDriver;

/**
 * Loads JCuda's driver-API library and initialises the driver, once per JVM, turning every way that can
 * fail (no libcuda.so.1, a stub library, an old driver, no device) into a {@link Status} with a one-line
 * reason instead of an error from deep inside JCuda. Nothing else in this package touches JCuda before
 * {@link #require()} has succeeded.
 */
public final class CudaDriver {
    private CudaDriver() {
    }

    /** What loading the driver gave: available with a version and device count, or the reason it is not. */
    public record Status(boolean available, int driverVersion, int devices, String reason) {
        /** The driver's CUDA version as "13.0". */
        public String version() {
            return (driverVersion / 1000) + "." + (driverVersion % 1000) / 10;
        }
    }

    private static Status status;

    /** The driver's status, probed on first use. */
    public static synchronized Status status() {
        if (status == null) {
            status = probe();
        }
        return status;
    }

    /** Throws {@link CudaUnavailableException} with the reason unless the driver loaded and found a device. */
    public static Status require() {
        Status s = status();
        if (!s.available()) {
            throw new CudaUnavailableException(s.reason());
        }
        return s;
    }

    private static Status probe() {
        try {
            int rc = JCudaDriver.cuInit(0);
            if (rc != CudaErrors.SUCCESS) {
                CudaException e = CudaErrors.of(rc, "cuInit", null);
                return new Status(false, 0, 0, e instanceof CudaUnavailableException u ? u.reason() : e.getMessage());
            }
            int[] version = new int[1];
            CudaErrors.check(JCudaDriver.cuDriverGetVersion(version), "cuDriverGetVersion");
            int[] count = new int[1];
            rc = JCudaDriver.cuDeviceGetCount(count);
            if (rc != CudaErrors.SUCCESS || count[0] == 0) {
                return new Status(false, version[0], 0, "no CUDA device found");
            }
            return new Status(true, version[0], count[0], null);
        } catch (LinkageError e) {
            return new Status(false, 0, 0, linkFailure(e));
        } catch (CudaException e) {
            return new Status(false, 0, 0, e.getMessage());
        }
    }

    /**
     * The reason for a failed load of JCuda's native library, from the loader's message: JCuda's library
     * itself ships in its natives jar, so a missing libcuda.so.1 (the driver) is the usual cause.
     */
    static String linkFailure(Throwable e) {
        String all = messages(e);
        if (all.contains("libcuda.so")) {
            return "no NVIDIA driver: libcuda.so.1 not found";
        }
        String lower = all.toLowerCase(Locale.ROOT);
        if (lower.contains("wrong elf class") || lower.contains("cannot open shared object")) {
            return "JCuda's native library could not be loaded: " + firstLine(all);
        }
        if (e instanceof NoClassDefFoundError) {
            return "JCuda's driver library failed to initialise earlier in this JVM: " + firstLine(all);
        }
        return "JCuda's native library could not be loaded: " + firstLine(all);
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t).append('\n');
        }
        return b.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
