package pagoda.tensor.cpu;

import pagoda.tensor.Backend;
import pagoda.tensor.Storage;

/**
 * Heap float32 storage. Heap arrays rather than native segments: the GEMM micro-kernel measured
 * 300-318 GFLOP/s from float[] panels against 220-280 from aligned native segments on this machine
 * (2 threads, 512-bit, JDK 25), and element-wise loops take the same fast path. The cost is a limit of
 * 2^31 - 9 elements per storage.
 */
public final class CpuStorage extends Storage {
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    final float[] data;

    CpuStorage(Backend backend, long numel) {
        super(backend, numel);
        if (numel > MAX_ELEMENTS) {
            throw new IllegalArgumentException(backend.name() + ": a storage of " + numel
                    + " elements exceeds the CPU backend's limit of " + MAX_ELEMENTS);
        }
        this.data = new float[(int) numel];
    }

    /** The backing array; kernels index it with the tensor's offset and strides. */
    public float[] array() {
        return data;
    }
}
