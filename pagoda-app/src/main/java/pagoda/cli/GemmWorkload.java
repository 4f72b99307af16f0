package pagoda.cli;

import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;

/**
 * SGEMM {@code C = A B}, A [M, K], B [K, N], row-major: 2MNK FLOP. It calls the backend's matmul into one
 * reused C (the SPI allows that with beta = 0), so that the time is the kernel's, with no allocation;
 * the PyTorch peer does the same with {@code torch.mm(a, b, out=c)}.
 */
final class GemmWorkload implements Workload {
    private final CpuBackend backend;
    private final int m;
    private final int n;
    private final int k;
    private final Tensor a;
    private final Tensor b;
    private final Tensor c;

    GemmWorkload(CpuBackend backend, int m, int n, int k) {
        Memory.require(new String[] {"A [--m, --k]", "B [--k, --n]", "C [--m, --n]"},
                new long[] {(long) m * k, (long) k * n, (long) m * n});
        this.backend = backend;
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = Ops.uniform(backend, 1, 0, -1, 1, 1, m, k);
        this.b = Ops.uniform(backend, 2, 0, -1, 1, 1, k, n);
        this.c = Tensor.zeros(backend, 1, m, n);
    }

    @Override
    public String label() {
        return "sgemm " + m + "x" + n + "x" + k + " (MxNxK)";
    }

    @Override
    public double flop() {
        return 2.0 * m * n * k;
    }

    @Override
    public void run() {
        backend.matmul(a, b, 1f, 0f, c);
    }

    @Override
    public void describe(Json json) {
        json.put("bench", "gemm").put("m", m).put("n", n).put("k", k);
    }
}
