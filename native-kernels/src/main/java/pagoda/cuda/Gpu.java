package pagoda.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUdeviceptr;
import pagoda.cuda.driver.CachingAllocator;
import pagoda.cuda.driver.CudaContext;
import pagoda.cuda.driver.CudaDevice;
import pagoda.cuda.driver.CudaKernel;
import pagoda.cuda.driver.CudaModule;
import pagoda.cuda.driver.CudaOutOfMemoryException;
import pagoda.cuda.driver.CudaStream;
import pagoda.cuda.driver.DeviceBuffer;
import pagoda.cuda.driver.DriverMemory;
import pagoda.cuda.kernels.KernelSource;

/**
 * What the launchers work with: one device's primary context, the stream all work is issued on, the
 * caching allocator, and the modules, loaded from the jar's PTX on first use.
 */
public final class Gpu implements AutoCloseable {
    private static final String PTX_RESOURCES = "/pagoda/cuda/ptx/";

    private final CudaContext context;
    private final CudaStream stream;
    private final CachingAllocator<CUdeviceptr> allocator;
    private final Map<String, CudaModule> modules = new HashMap<>();
    private final Map<String, CudaKernel> kernels = new HashMap<>();
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private final Precision precision;
    private boolean closed;

    private Gpu(CudaContext context, CudaStream stream, Precision precision) {
        this.context = context;
        this.stream = stream;
        this.allocator = new CachingAllocator<>(new DriverMemory());
        this.precision = precision;
        current.set(Boolean.TRUE);
    }

    /** Device {@code ordinal}'s primary context with a new stream; throws CudaUnavailableException without a driver or device. */
    public static Gpu open(int ordinal, Precision precision) {
        CudaDevice device = CudaDevice.open(ordinal);
        CudaContext context = CudaContext.primary(device);
        return new Gpu(context, CudaStream.create(), precision);
    }

    public CudaDevice device() {
        return context.device();
    }

    public CudaStream stream() {
        return stream;
    }

    public Precision precision() {
        return precision;
    }

    public CachingAllocator.Stats memoryStats() {
        return allocator.stats();
    }

    /** Makes the context current on the calling thread (once per thread); every entry point calls it first. */
    public void enter() {
        if (closed) {
            throw new IllegalStateException("cuda: the backend is closed");
        }
        if (!current.get()) {
            context.makeCurrent();
            current.set(Boolean.TRUE);
        }
    }

    /**
     * Device memory for at least {@code bytes}. When the device is full, the garbage collector is asked
     * to run the cleaners of unreachable tensors (which return their blocks) and the cache is released
     * before one more try: device memory is invisible to the Java heap's own pressure.
     */
    public DeviceBuffer allocate(long bytes) {
        try {
            return DeviceBuffer.allocate(allocator, bytes);
        } catch (CudaOutOfMemoryException e) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            allocator.releaseCached();
            return DeviceBuffer.allocate(allocator, bytes);
        }
    }

    /** Kernel {@code entry} of {@code source}, loading its module on first use. */
    public synchronized CudaKernel kernel(KernelSource source, String entry) {
        if (!source.entries().contains(entry)) {
            throw new IllegalArgumentException(source.file() + " declares no kernel " + entry);
        }
        String key = source.name() + ":" + entry;
        CudaKernel k = kernels.get(key);
        if (k == null) {
            CudaModule m = modules.get(source.name());
            if (m == null) {
                m = CudaModule.load(source.file(), ptx(source));
                modules.put(source.name(), m);
            }
            k = m.kernel(entry);
            kernels.put(key, k);
        }
        return k;
    }

    static byte[] ptx(KernelSource source) {
        String path = PTX_RESOURCES + source.name() + ".ptx";
        try (InputStream in = Gpu.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("cuda: " + path + " is missing from the native-kernels jar (built without its PTX?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cuda: reading " + path, e);
        }
    }

    /** Waits for the stream's work; reports a kernel fault. */
    public void synchronize() {
        enter();
        stream.synchronize();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        enter();
        closed = true;
        stream.synchronize();
        for (CudaModule m : modules.values()) {
            m.close();
        }
        allocator.close();
        stream.close();
        context.close();
    }
}
