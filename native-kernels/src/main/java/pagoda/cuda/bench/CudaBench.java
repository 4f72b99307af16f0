package pagoda.cuda.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import pagoda.cuda.CudaBackend;
import pagoda.cuda.Precision;
import pagoda.cuda.driver.CudaEvent;
import pagoda.tensor.BackendUnavailableException;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * GPU benchmarks of the CUDA backend's GEMM and convolution, timed with CUDA events around each
 * repetition after a warm-up (module load and JIT excluded), on Philox-random inputs; prints one JSON
 * line per run with the median, as bench/gpu/torch_gpu.py does for PyTorch. Run by bench/gpu/run-device.sh:
 * <pre>
 *   CudaBench gemm --m 4096 --n 4096 --k 4096 --precision tf32 [--reps 30]
 *   CudaBench conv --n 64 --c 256 --h 32 --w 32 --k 256 [--backward] --precision fp32 [--reps 30]
 * </pre>
 * Exits 2 on bad arguments and 1 (one line) when there is no GPU.
 */
public final class CudaBench {
    private static final int WARMUP = 5;

    private CudaBench() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("CudaBench: " + e.getMessage());
            System.exit(2);
        } catch (BackendUnavailableException e) {
            System.err.println("CudaBench: " + e.getMessage());
            System.exit(1);
        }
    }

    static String run(String[] args) {
        if (args.length == 0 || !(args[0].equals("gemm") || args[0].equals("conv"))) {
            throw new IllegalArgumentException("expected 'gemm' or 'conv' first, got " + Arrays.toString(args));
        }
        Map<String, String> o = options(Arrays.copyOfRange(args, 1, args.length));
        Set<String> known = args[0].equals("gemm") ? Set.of("m", "n", "k", "precision", "reps")
                : Set.of("n", "c", "h", "w", "k", "backward", "precision", "reps");
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(args[0] + ": unknown option --" + key + " (known: " + new TreeSet<>(known) + ")");
            }
        }
        Precision p = Precision.parse(o.getOrDefault("precision", "fp32"));
        int reps = positive(o, "reps", 30);
        try (CudaBackend be = new CudaBackend(0, p)) {
            return args[0].equals("gemm") ? gemm(be, o, reps) : conv(be, o, reps);
        }
    }

    private static String gemm(CudaBackend be, Map<String, String> o, int reps) {
        int m = positive(o, "m", 4096);
        int n = positive(o, "n", 4096);
        int k = positive(o, "k", 4096);
        Tensor a = Ops.uniform(be, 1, 0, -1, 1, 1, m, k);
        Tensor b = Ops.uniform(be, 2, 0, -1, 1, 1, k, n);
        Tensor c = Tensor.zeros(be, 1, m, n);
        double ms = median(be, reps, () -> be.matmul(a, b, 1f, 0f, c));
        double flop = 2.0 * m * n * k;
        return json(be, "gemm", String.format(Locale.ROOT, "\"m\": %d, \"n\": %d, \"k\": %d", m, n, k), ms, flop);
    }

    private static String conv(CudaBackend be, Map<String, String> o, int reps) {
        int n = positive(o, "n", 64);
        int c = positive(o, "c", 256);
        int h = positive(o, "h", 32);
        int w = positive(o, "w", 32);
        int k = positive(o, "k", 256);
        boolean backward = o.containsKey("backward");
        Conv2dSpec spec = Conv2dSpec.of(1, 1);
        Tensor x = Ops.uniform(be, 1, 0, -1, 1, n, c, h, w);
        Tensor wt = Ops.uniform(be, 2, 0, -0.1f, 0.1f, k, c, 3, 3);
        Tensor bias = Ops.uniform(be, 3, 0, -1, 1, k);
        Tensor y = Tensor.zeros(be, n, k, h, w);
        Tensor dx = Tensor.zeros(be, n, c, h, w);
        Tensor dw = Tensor.zeros(be, k, c, 3, 3);
        Runnable step = backward
                ? () -> {
                    be.conv2d(x, wt, bias, spec, null, 0, y);
                    be.conv2dBackwardData(y, wt, spec, dx);
                    be.conv2dBackwardWeight(y, x, spec, dw);
                }
                : () -> be.conv2d(x, wt, bias, spec, null, 0, y);
        double ms = median(be, reps, step);
        double flop = 2.0 * n * k * h * w * c * 9 * (backward ? 3 : 1);
        return json(be, backward ? "conv_fwd_bwd" : "conv_fwd",
                String.format(Locale.ROOT, "\"n\": %d, \"c\": %d, \"h\": %d, \"w\": %d, \"k\": %d, \"kernel\": 3", n, c, h, w, k), ms, flop);
    }

    /** Median device time of {@code reps} repetitions, each between two events, after {@link #WARMUP} untimed ones. */
    private static double median(CudaBackend be, int reps, Runnable work) {
        for (int i = 0; i < WARMUP; i++) {
            work.run();
        }
        be.synchronize();
        double[] ms = new double[reps];
        try (CudaEvent start = CudaEvent.create(); CudaEvent end = CudaEvent.create()) {
            for (int i = 0; i < reps; i++) {
                start.record(be.gpu().stream());
                work.run();
                end.record(be.gpu().stream());
                end.synchronize();
                ms[i] = end.millisSince(start);
            }
        }
        Arrays.sort(ms);
        return reps % 2 == 1 ? ms[reps / 2] : (ms[reps / 2 - 1] + ms[reps / 2]) / 2;
    }

    private static String json(CudaBackend be, String bench, String shape, double ms, double flop) {
        return String.format(Locale.ROOT, "{\"bench\": \"%s\", %s, \"impl\": \"pagoda-j\", \"precision\": \"%s\", \"device\": \"%s\", "
                        + "\"median_ms\": %.4f, \"tflops\": %.2f}", bench, shape, be.precision().suffix(),
                be.gpu().device().name().replace("\"", "'"), ms, flop / (ms * 1e9));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
            String key = args[i].substring(2);
            if (key.equals("backward")) {
                o.put(key, "true");
            } else if (i + 1 < args.length) {
                o.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
        }
        return o;
    }

    private static int positive(Map<String, String> o, String key, int fallback) {
        String v = o.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v);
            if (i > 0) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the value
        }
        throw new IllegalArgumentException("--" + key + " " + v + ": expected a positive integer");
    }
}
