package pagoda.cuda.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The caching allocator's bookkeeping, over a stand-in for device memory that hands out numbered blocks
 * from a fixed capacity and records every allocation and free (the allocator sees only this interface).
 */
class CachingAllocatorTest {

    /** Device memory of {@code capacity} bytes; handles are serial numbers. */
    static final class Ledger implements DeviceMemory<Long> {
        final long capacity;
        final Map<Long, Long> live = new HashMap<>();
        long used;
        long next;
        int allocations;
        int frees;

        Ledger(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public Long allocate(long bytes) {
            if (used + bytes > capacity) {
                throw new CudaOutOfMemoryException(2, "CUDA_ERROR_OUT_OF_MEMORY", "cuMemAlloc(" + bytes + " bytes)", null);
            }
            allocations++;
            used += bytes;
            live.put(++next, bytes);
            return next;
        }

        @Override
        public void free(Long handle) {
            Long bytes = live.remove(handle);
            if (bytes == null) {
                throw new AssertionError("double or foreign free of block " + handle);
            }
            frees++;
            used -= bytes;
        }
    }

    @Test
    void roundsSmallTo512BytesAndLargeTo2MiB() {
        assertEquals(512, CachingAllocator.roundUp(0));
        assertEquals(512, CachingAllocator.roundUp(1));
        assertEquals(1024, CachingAllocator.roundUp(513));
        assertEquals(1L << 20, CachingAllocator.roundUp((1L << 20) - 1));
        assertEquals(2L << 20, CachingAllocator.roundUp(1L << 20));
        assertEquals(4L << 20, CachingAllocator.roundUp((2L << 20) + 1));
        assertThrows(IllegalArgumentException.class, () -> CachingAllocator.roundUp(-1));
    }

    @Test
    void aReleasedBlockIsReusedForTheSameSize() {
        Ledger mem = new Ledger(1L << 30);
        CachingAllocator<Long> a = new CachingAllocator<>(mem);
        CachingAllocator.Block<Long> b1 = a.allocate(1000);
        a.release(b1);
        CachingAllocator.Block<Long> b2 = a.allocate(900);
        assertSame(b1, b2, "900 bytes round to the same 1024-byte class");
        assertEquals(1, mem.allocations);
        CachingAllocator.Stats s = a.stats();
        assertEquals(1, s.hits());
        assertEquals(1, s.misses());
        assertEquals(1024, s.inUse());
        assertEquals(0, s.cached());
    }

    @Test
    void smallBlocksAreNotReusedForSmallerClassesAndLargeOnlyWithinAQuarter() {
        Ledger mem = new Ledger(1L << 30);
        CachingAllocator<Long> a = new CachingAllocator<>(mem);
        a.release(a.allocate(4096));
        CachingAllocator.Block<Long> small = a.allocate(1024);
        assertEquals(1024, small.bytes(), "a 1 KiB request does not take the cached 4 KiB block");
        CachingAllocator.Block<Long> big = a.allocate(10L << 20);
        a.release(big);
        assertSame(big, a.allocate(9L << 20), "a 10 MiB block serves a 9 MiB request (10 <= 1.25 * 10 after rounding)");
        CachingAllocator.Block<Long> huge = a.allocate(40L << 20);
        a.release(huge);
        assertNotSame(huge, a.allocate(20L << 20), "a 40 MiB block is not spent on 20 MiB");
    }

    @Test
    void outOfMemoryReleasesTheCacheAndRetries() {
        Ledger mem = new Ledger(8L << 20);
        CachingAllocator<Long> a = new CachingAllocator<>(mem);
        a.release(a.allocate(4L << 20));
        a.release(a.allocate(2L << 20));
        CachingAllocator.Block<Long> b = a.allocate(6L << 20);
        assertEquals(6L << 20, b.bytes());
        assertEquals(2, mem.frees, "both cached blocks went back to the device");
        assertEquals(6L << 20, mem.used);
        assertEquals(0, a.stats().cached());
    }

    @Test
    void outOfMemoryWithNothingCachedReportsTheState() {
        Ledger mem = new Ledger(4L << 20);
        CachingAllocator<Long> a = new CachingAllocator<>(mem);
        a.allocate(4L << 20);
        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class, () -> a.allocate(2L << 20));
        assertTrue(e.getMessage().contains("CUDA_ERROR_OUT_OF_MEMORY"), e.getMessage());
        assertTrue(e.getMessage().contains("in use 4.0 MiB"), e.getMessage());
    }

    @Test
    void statsTrackUseCacheAndPeak() {
        Ledger mem = new Ledger(1L << 30);
        CachingAllocator<Long> a = new CachingAllocator<>(mem);
        CachingAllocator.Block<Long> x = a.allocate(2L << 20);
        CachingAllocator.Block<Long> y = a.allocate(4L << 20);
        a.release(x);
        CachingAllocator.Stats s = a.stats();
        assertEquals(4L << 20, s.inUse());
        assertEquals(2L << 20, s.cached());
        assertEquals(6L << 20, s.held());
        assertEquals(6L << 20, s.peakHeld());
        a.release(y);
        a.releaseCached();
        assertEquals(0, mem.used);
        assertEquals(0, a.stats().held());
        assertEquals(6L << 20, a.stats().peakHeld());
    }

    @Test
    void closeFreesTheCacheAndLaterReleasesAreDropped() {
        Ledger mem = new Ledger(1L << 30);
        CachingAllocator<Long> a = new CachingAllocator<>(mem);
        CachingAllocator.Block<Long> kept = a.allocate(1024);
        a.release(a.allocate(2048));
        a.close();
        assertEquals(1, mem.frees);
        a.release(kept);
        assertEquals(1, mem.frees, "a block released after close is not freed twice");
        assertThrows(IllegalStateException.class, () -> a.allocate(1));
    }
}
