package pagoda.inverse;

import java.util.function.IntConsumer;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.decoder.OneStepGenerator;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * A known-operator inverse problem solved with a one-step generator, batch by batch: the baseline from the
 * measurements ({@link Measurement#baseline}), the starting latents ({@link LatentStart}), then the latent fit
 * ({@link LatentFit}).
 */
public record LatentInverse(OneStepGenerator generator, LatentStart start, LatentFit fit) {

    /**
     * The answers ({@link Measurement#consistent} of clamp(G(z))), clamp(G(z)) itself ({@code generated}), the
     * baselines, clamp(G(z0)) ({@code initial}) and the objective per image before and after the fit.
     */
    public record Outcome(Tensor images, Tensor generated, Tensor baseline, Tensor initial, double[] objectiveStart,
            double[] objectiveEnd) {
        public double meanStart() {
            return mean(objectiveStart);
        }

        public double meanEnd() {
            return mean(objectiveEnd);
        }

        private static double mean(double[] v) {
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return s / v.length;
        }
    }

    /**
     * Solves y = A(x) for every image of {@code y}.
     *
     * @param labels one-hot [N, K] for a class-conditional generator, else null
     * @param done   told the images finished after each batch
     */
    public Outcome solve(Measurement a, Tensor y, Tensor labels, int batch, IntConsumer done) {
        int n = y.size(0);
        int parts = (n + batch - 1) / batch;
        Tensor[] images = new Tensor[parts];
        Tensor[] generated = new Tensor[parts];
        Tensor[] baselines = new Tensor[parts];
        Tensor[] initial = new Tensor[parts];
        double[] objStart = new double[n];
        double[] objEnd = new double[n];
        for (int first = 0, k = 0; first < n; first += batch, k++) {
            int b = Math.min(batch, n - first);
            Tensor yb = y.slice(0, first, first + b).contiguous();
            Tensor lb = labels == null ? null : labels.slice(0, first, first + b).contiguous();
            baselines[k] = a.baseline(yb, generator.channels());
            Tensor z0 = start.latents(generator, baselines[k], lb, first);
            try (NoGrad ng = NoGrad.enter()) {
                initial[k] = Ops.clamp(generator.forward(Var.constant(z0), lb, 0).value(), -1f, 1f);
            }
            LatentFit.Result r = fit.run(generator, a, yb, z0, lb);
            generated[k] = r.images();
            images[k] = a.consistent(r.images(), yb);
            System.arraycopy(r.objectiveStart(), 0, objStart, first, b);
            System.arraycopy(r.objectiveEnd(), 0, objEnd, first, b);
            done.accept(first + b);
        }
        return new Outcome(cat(images), cat(generated), cat(baselines), cat(initial), objStart, objEnd);
    }

    private static Tensor cat(Tensor[] parts) {
        return parts.length == 1 ? parts[0] : Ops.cat(0, parts);
    }
}
