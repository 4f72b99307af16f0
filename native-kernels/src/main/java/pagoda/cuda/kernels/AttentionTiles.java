package pagoda.cuda.kernels;

import pagoda.cuda.Gpu;

/**
 * The sizes of attention_tile.cuh: 8 warps per block, tiles of 32 positions padded to 33 in shared memory,
 * and the kernel variant per channel count (a lane holds C / 32 accumulators, compiled for 1 to 16).
 */
final class AttentionTiles {
    static final int WARPS = 8;
    static final int TILE = 32;
    static final int LD = TILE + 1;
    static final int MAX_CHANNELS = 512;

    private AttentionTiles() {
    }

    /** The kernel-name suffix for C channels: c32, c64, ..., c512. */
    static String variant(int channels) {
        if (channels > MAX_CHANNELS) {
            throw new UnsupportedOperationException("cuda: attention over " + channels + " channels per head; the fused kernels hold at most "
                    + MAX_CHANNELS + " (EDM's heads have 64)");
        }
        int c = 32;
        while (c < channels) {
            c <<= 1;
        }
        return "c" + c;
    }

    /** Checks that {@code bytes} of shared memory fit a block on this device. */
    static int shared(Gpu gpu, long bytes) {
        if (bytes > gpu.device().maxSharedPerBlock()) {
            throw new UnsupportedOperationException("cuda: attention needs " + bytes + " bytes of shared memory per block; "
                    + gpu.device().name() + " offers " + gpu.device().maxSharedPerBlock());
        }
        return (int) bytes;
    }
}
