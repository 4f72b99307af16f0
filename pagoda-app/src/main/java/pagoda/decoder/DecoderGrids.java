package pagoda.decoder;

import java.io.IOException;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.image.PngGrid;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * The grids a decoder run writes as it trains, always of the same pairs and the same noise so that successive
 * grids show the same images getting better: {@code reconstructions/} holds each of the first pairs' images x
 * beside G(z(x)), {@code samples/} one-step samples G(80 eps) from the noise streams (seed, i) of
 * {@link OneStepSamples}, both of G's EMA weights, clamped to [-1, 1].
 */
final class DecoderGrids {
    private final DecoderRun run;
    private final DecoderData data;
    private final Backend backend;
    private final int side;
    private final long seed;

    DecoderGrids(DecoderRun run, DecoderData data, Backend backend, int side, long seed) {
        this.run = run;
        this.data = data;
        this.backend = backend;
        this.side = side;
        this.seed = seed;
    }

    void write(OneStepGenerator ema, long images) throws IOException {
        String name = String.format("%012d.png", images);
        PngGrid.write(run.reconstructions().resolve(name), reconstructions(ema), 2 * Math.max(1, side / 2), 1);
        Tensor samples = new OneStepSamples(seed, -1).generate(ema, backend, side * side, side * side, done -> { });
        PngGrid.write(run.samples().resolve(name), samples, side, 1);
    }

    /** [2K, C, R, R]: x_0, G(z_0), x_1, G(z_1), ... for the first K = side^2 / 2 unmirrored images. */
    Tensor reconstructions(OneStepGenerator ema) {
        int k = Math.max(1, Math.min(side * side / 2, (data.size() + 1) / 2));
        int[] pairs = new int[k];
        for (int i = 0; i < k; i++) {
            pairs[i] = Math.min(2 * i, data.size() - 1);
        }
        DecoderData.Batch b = data.batch(backend, pairs);
        Tensor out;
        try (NoGrad g = NoGrad.enter()) {
            out = Ops.clamp(ema.forward(Var.constant(b.latents()), b.labels(), 0).value(), -1f, 1f);
        }
        int[] s = b.images().shape();
        Tensor both = Ops.cat(1, b.images(), out);
        return both.reshape(2 * k, s[1], s[2], s[3]);
    }
}
