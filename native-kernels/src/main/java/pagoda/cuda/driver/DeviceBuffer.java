package pagoda.cuda.driver;

import java.util.concurrent.atomic.AtomicBoolean;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * A block of device memory from a {@link CachingAllocator}; closing it returns the block to the cache.
 * Host transfers are explicit and synchronous: {@code cuMemcpyHtoD/DtoH} run on the legacy default stream,
 * which waits for the work of every blocking stream, so they see all kernels issued before them.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final CachingAllocator<CUdeviceptr> allocator;
    private final CachingAllocator.Block<CUdeviceptr> block;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DeviceBuffer(CachingAllocator<CUdeviceptr> allocator, CachingAllocator.Block<CUdeviceptr> block) {
        this.allocator = allocator;
        this.block = block;
    }

    /** A buffer of at least {@code bytes} (contents undefined). */
    public static DeviceBuffer allocate(CachingAllocator<CUdeviceptr> allocator, long bytes) {
        return new DeviceBuffer(allocator, allocator.allocate(bytes));
    }

    public long bytes() {
        return block.bytes();
    }

    /** The device address {@code byteOffset} bytes into the buffer. */
    public CUdeviceptr at(long byteOffset) {
        return block.handle().withByteOffset(byteOffset);
    }

    /** Floats {@code src[from .. from + length)} to the buffer at float index {@code at}. */
    public void upload(float[] src, int from, long at, int length) {
        check(at, length, Sizeof.FLOAT);
        CudaErrors.check(JCudaDriver.cuMemcpyHtoD(at(at * Sizeof.FLOAT), Pointer.to(src).withByteOffset((long) from * Sizeof.FLOAT),
                (long) length * Sizeof.FLOAT), "cuMemcpyHtoD(" + length + " floats)");
    }

    /** Ints {@code src} to the buffer at int index {@code at}. */
    public void upload(int[] src, long at) {
        check(at, src.length, Sizeof.INT);
        CudaErrors.check(JCudaDriver.cuMemcpyHtoD(at(at * Sizeof.INT), Pointer.to(src), (long) src.length * Sizeof.INT),
                "cuMemcpyHtoD(" + src.length + " ints)");
    }

    /** Floats of the buffer from float index {@code at} into {@code dst[from .. from + length)}. */
    public void download(long at, float[] dst, int from, int length) {
        check(at, length, Sizeof.FLOAT);
        CudaErrors.check(JCudaDriver.cuMemcpyDtoH(Pointer.to(dst).withByteOffset((long) from * Sizeof.FLOAT), at(at * Sizeof.FLOAT),
                (long) length * Sizeof.FLOAT), "cuMemcpyDtoH(" + length + " floats)");
    }

    private void check(long at, int length, int size) {
        if (closed.get()) {
            throw new IllegalStateException("device buffer used after close");
        }
        if (at < 0 || length < 0 || (at + length) * size > block.bytes()) {
            throw new IndexOutOfBoundsException("[" + at + ", " + (at + length) + ") of a buffer of " + block.bytes() / size
                    + " elements of " + size + " bytes");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            allocator.release(block);
        }
    }
}
