package pagoda.cuda;

import java.lang.ref.Cleaner;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;
import pagoda.cuda.driver.DeviceBuffer;
import pagoda.tensor.Backend;
import pagoda.tensor.Storage;
import pagoda.tensor.Tensor;

/**
 * Float32 device memory of the CUDA backend. Tensors are garbage-collected Java objects, so the block goes
 * back to the caching allocator when the storage becomes unreachable (a {@link Cleaner}), never while a
 * view of it is alive.
 */
public final class CudaStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final DeviceBuffer buffer;

    CudaStorage(Backend backend, long numel, DeviceBuffer buffer) {
        super(backend, numel);
        this.buffer = buffer;
        if (buffer != null) {
            CLEANER.register(this, buffer::close);
        }
    }

    /** The buffer; null for an empty storage. */
    public DeviceBuffer buffer() {
        return buffer;
    }

    /** The device address of element {@code element}. */
    public CUdeviceptr at(long element) {
        if (buffer == null) {
            return new CUdeviceptr();
        }
        return buffer.at(element * Sizeof.FLOAT);
    }

    /** The device address of t's storage at t's offset. */
    public static CUdeviceptr pointer(Tensor t) {
        return ((CudaStorage) t.storage()).at(t.offset());
    }

    /** The device address of t's storage at element 0 (for kernels that take the offset in a view). */
    public static CUdeviceptr base(Tensor t) {
        return ((CudaStorage) t.storage()).at(0);
    }
}
