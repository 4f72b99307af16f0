package pagoda.cuda.driver;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * A caching allocator of device memory: freed blocks are kept and handed out again, so that a training
 * step, which allocates the same sizes every time, stops calling cuMemAlloc and cuMemFree (each of which
 * synchronises the device) after its first iteration.
 *
 * <p>Sizes are rounded up, to 512 bytes below 1 MiB and to 2 MiB above, so that near sizes share blocks. A
 * request takes a cached block of its rounded size, or for large requests one at most a quarter larger
 * (less waste than a best fit of any size). When the device has no room, the cache is returned to the
 * device and the allocation tried once more.
 *
 * <p>Blocks are reused without waiting for the device: this is safe because every kernel and copy that
 * uses them is issued on one stream, in order, so work on a reused block runs after the last work on its
 * old contents. All methods are thread-safe; {@link #release} may come from a cleaner thread.
 *
 * @param <H> the handle of a block
 */
public final class CachingAllocator<H> implements AutoCloseable {
    static final long SMALL_LIMIT = 1L << 20;
    static final long SMALL_ROUND = 512;
    static final long LARGE_ROUND = 2L << 20;

    /** A block of device memory: its handle and its (rounded) size. */
    public record Block<H>(H handle, long bytes) {
    }

    /**
     * Bytes handed out and not yet released, bytes cached for reuse, bytes held from the device (their
     * sum) and its peak; requests served from the cache and from the device; blocks returned to the device.
     */
    public record Stats(long inUse, long cached, long held, long peakHeld, long hits, long misses, long deviceFrees) {
        @Override
        public String toString() {
            return String.format("in use %.1f MiB, cached %.1f MiB, held %.1f MiB (peak %.1f MiB), %d hits, %d misses, %d frees",
                    inUse / 1048576.0, cached / 1048576.0, held / 1048576.0, peakHeld / 1048576.0, hits, misses, deviceFrees);
        }
    }

    private final DeviceMemory<H> memory;
    private final TreeMap<Long, ArrayDeque<Block<H>>> free = new TreeMap<>();
    private long inUse;
    private long cached;
    private long peakHeld;
    private long hits;
    private long misses;
    private long deviceFrees;
    private boolean closed;

    public CachingAllocator(DeviceMemory<H> memory) {
        this.memory = memory;
    }

    /** The size a request of {@code bytes} is served with. */
    public static long roundUp(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("allocation of " + bytes + " bytes");
        }
        long unit = bytes < SMALL_LIMIT ? SMALL_ROUND : LARGE_ROUND;
        return Math.max(unit, (bytes + unit - 1) / unit * unit);
    }

    /** A block of at least {@code bytes}, from the cache when one fits. */
    public synchronized Block<H> allocate(long bytes) {
        if (closed) {
            throw new IllegalStateException("the CUDA allocator is closed");
        }
        long size = roundUp(bytes);
        Block<H> b = takeCached(size);
        if (b != null) {
            hits++;
            cached -= b.bytes();
        } else {
            misses++;
            b = new Block<>(fromDevice(size), size);
        }
        inUse += b.bytes();
        peakHeld = Math.max(peakHeld, inUse + cached);
        return b;
    }

    private Block<H> takeCached(long size) {
        long limit = size < SMALL_LIMIT ? size : size + size / 4;
        Map.Entry<Long, ArrayDeque<Block<H>>> e = free.ceilingEntry(size);
        if (e == null || e.getKey() > limit) {
            return null;
        }
        Block<H> b = e.getValue().pop();
        if (e.getValue().isEmpty()) {
            free.remove(e.getKey());
        }
        return b;
    }

    private H fromDevice(long size) {
        try {
            return memory.allocate(size);
        } catch (CudaOutOfMemoryException first) {
            releaseCached();
            try {
                return memory.allocate(size);
            } catch (CudaOutOfMemoryException second) {
                throw new CudaOutOfMemoryException(second.code(), second.errorName(), second.call(),
                        "the cache was released and the device still has no room (" + stats() + ")");
            }
        }
    }

    /** Puts a block back into the cache; after {@link #close} (the memory went with the context) it is dropped. */
    public synchronized void release(Block<H> block) {
        if (closed) {
            return;
        }
        inUse -= block.bytes();
        cached += block.bytes();
        free.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).push(block);
    }

    /** Returns every cached block to the device (needs the context current on this thread). */
    public synchronized void releaseCached() {
        for (ArrayDeque<Block<H>> blocks : free.values()) {
            for (Block<H> b : blocks) {
                memory.free(b.handle());
                deviceFrees++;
            }
        }
        free.clear();
        cached = 0;
    }

    public synchronized Stats stats() {
        return new Stats(inUse, cached, inUse + cached, peakHeld, hits, misses, deviceFrees);
    }

    /** Frees the cache; blocks still in use are freed with their context. */
    @Override
    public synchronized void close() {
        if (!closed) {
            releaseCached();
            closed = true;
        }
    }
}
