package pagoda.cuda.driver;

/**
 * Raw device memory as {@link CachingAllocator} sees it: the driver ({@link DriverMemory}) in use, a
 * bookkeeping double in the allocator's tests.
 *
 * @param <H> the handle of a block (a device pointer)
 */
public interface DeviceMemory<H> {

    /** A new block of exactly {@code bytes}; throws {@link CudaOutOfMemoryException} when the device has no room. */
    H allocate(long bytes);

    /** Returns a block to the device. */
    void free(H handle);
}
