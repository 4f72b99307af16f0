package pagoda.demo;

import java.util.Arrays;
import java.util.function.Supplier;
import pagoda.tensor.Tensor;

/**
 * The wall time of one sampler making a batch of images: one warm-up run (the JIT compiles the kernels), then
 * {@code reps} timed runs; the median is what the report quotes, because the machines are shared and noisy.
 *
 * @param images  the last run's images [N, C, R, R]
 * @param seconds the timed runs' wall times
 */
public record SamplerTiming(Tensor images, double[] seconds) {

    public static SamplerTiming measure(Supplier<Tensor> run, int reps) {
        if (reps < 1) {
            throw new IllegalArgumentException("timed runs must be >= 1, got " + reps);
        }
        Tensor images = run.get();
        double[] s = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            images = run.get();
            s[i] = (System.nanoTime() - t0) * 1e-9;
        }
        return new SamplerTiming(images, s);
    }

    public double medianSeconds() {
        double[] s = seconds.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** The median time per image. */
    public double secondsPerImage() {
        return medianSeconds() / images.size(0);
    }
}
