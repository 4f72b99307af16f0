package pagoda.inverse;

import java.util.LinkedHashMap;
import java.util.Map;
import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.autograd.optim.Adam;
import pagoda.decoder.Generator;
import pagoda.decoder.OneStepGenerator;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Solves a known-operator inverse problem with a frozen one-step generator G by fitting its latent
 * (pagoda-spec.md, "Where this project departs", 4): for each image,
 * <pre>
 *   min_z  E(z) = |A(G(z, y_c)) - y|^2 + w |z|^2 / (2 sigmaMax^2),   sigmaMax = 80,
 * </pre>
 * the squared error summed over the measurement's elements (images in [-1, 1]) plus w times the negative
 * log-density of G's latent prior N(0, 80^2 I) (up to a constant). w = 1 is the posterior mode of y = A(x) + n
 * with Gaussian noise n of variance 1/2 per element; smaller w trusts the measurement more. G runs in evaluation
 * mode with its weights frozen; z moves by Adam (torch's defaults but lr) whose learning rate falls on a cosine
 * from {@code lr} to 0 over the steps, so the last steps settle instead of jittering at the step size. The
 * images of a batch share nothing but the pass: the objective sums their independent terms, and Adam scales
 * each element of z by its own moments, so an image's result does not depend on its batch.
 *
 * @param steps       Adam steps (0: G(z0) itself)
 * @param lr          the peak learning rate, in latent units (z is about 80 per element)
 * @param priorWeight w
 */
public record LatentFit(int steps, double lr, double priorWeight) {

    public LatentFit {
        if (steps < 0) {
            throw new IllegalArgumentException("latent fit: steps must be >= 0, got " + steps);
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("latent fit: lr must be > 0, got " + lr);
        }
        if (!(priorWeight >= 0)) {
            throw new IllegalArgumentException("latent fit: the prior weight must be >= 0, got " + priorWeight);
        }
    }

    /**
     * What a fit did: the fitted latents, clamp(G(z)) in [-1, 1], and the objective per image at the start and
     * the end, with the batch's total after every step.
     */
    public record Result(Tensor latents, Tensor images, double[] objectiveStart, double[] objectiveEnd, double[] history) {
    }

    /**
     * Fits the latents of one batch; G is left in evaluation mode.
     *
     * @param z0     the starting latents [N, C, r, r]
     * @param y      the measurements A(x) [N, ...]
     * @param labels one-hot [N, K] for a class-conditional generator, else null
     */
    public Result run(OneStepGenerator g, Measurement a, Tensor y, Tensor z0, Tensor labels) {
        g.train(false);
        Map<Parameter, Boolean> frozen = freeze(g);
        try {
            Module holder = new Module() {
            };
            Parameter z = holder.registerParameter("z", z0.copy());
            Adam adam = new Adam(holder.namedParameters(), lr);
            double[] history = new double[steps];
            double[] start = perImage(g, a, y, z.value(), labels);
            for (int t = 0; t < steps; t++) {
                adam.setLearningRate(lr * 0.5 * (1 + Math.cos(Math.PI * t / steps)));
                adam.zeroGrad();
                Var e = objective(g, a, y, z, labels);
                history[t] = e.value().toDoubleArray()[0];
                e.backward();
                adam.step();
            }
            double[] end = perImage(g, a, y, z.value(), labels);
            Tensor images;
            try (NoGrad ng = NoGrad.enter()) {
                images = Ops.clamp(g.forward(Var.constant(z.value()), labels, 0).value(), -1f, 1f);
            }
            return new Result(z.value(), images, start, end, history);
        } finally {
            frozen.forEach(Parameter::setRequiresGrad);
        }
    }

    /** E summed over the batch, on the tape. */
    Var objective(OneStepGenerator g, Measurement a, Tensor y, Var z, Tensor labels) {
        Var residual = Fn.sub(a.apply(g.forward(z, labels, 0)), Var.constant(y));
        Var data = Fn.sum(Fn.square(residual));
        if (priorWeight == 0) {
            return data;
        }
        return Fn.add(data, Fn.mul(Fn.sum(Fn.square(z)), (float) (priorWeight / (2 * Generator.SIGMA * Generator.SIGMA))));
    }

    /** E of each image, without gradient. */
    double[] perImage(OneStepGenerator g, Measurement a, Tensor y, Tensor z, Tensor labels) {
        try (NoGrad ng = NoGrad.enter()) {
            Tensor r = Ops.sub(a.apply(g.forward(Var.constant(z), labels, 0)).value(), y);
            double[] data = sumPerImage(Ops.square(r));
            double[] prior = sumPerImage(Ops.square(z));
            double scale = priorWeight / (2 * Generator.SIGMA * Generator.SIGMA);
            for (int i = 0; i < data.length; i++) {
                data[i] += scale * prior[i];
            }
            return data;
        }
    }

    private static double[] sumPerImage(Tensor t) {
        int n = t.size(0);
        return Ops.sum(t.reshape(n, (int) (t.numel() / n)), 1).toDoubleArray();
    }

    /** Sets every weight of G to take no gradient; returns what each was, to restore. */
    private static Map<Parameter, Boolean> freeze(OneStepGenerator g) {
        Map<Parameter, Boolean> was = new LinkedHashMap<>();
        for (Parameter p : g.parameters().values()) {
            was.put(p, p.requiresGrad());
            p.setRequiresGrad(false);
        }
        return was;
    }
}
