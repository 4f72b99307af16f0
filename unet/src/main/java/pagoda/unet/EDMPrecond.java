package pagoda.unet;

import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * EDM's preconditioning around the ADM network (Karras et al. 2022, "Elucidating the Design Space of
 * Diffusion-Based Generative Models", Eq. 7 and Table 1; NVlabs/edm {@code EDMPrecond}):
 * <pre>
 *   D(x; sigma) = cSkip(sigma) x + cOut(sigma) F(cIn(sigma) x; cNoise(sigma))
 *   cSkip = sigmaData^2 / (sigma^2 + sigmaData^2)
 *   cOut  = sigma sigmaData / sqrt(sigma^2 + sigmaData^2)
 *   cIn   = 1 / sqrt(sigma^2 + sigmaData^2)
 *   cNoise = ln(sigma) / 4            (flavour edm; 1000 ln(sigma) / 4 for consistency_models)
 * </pre>
 * The coefficients are computed per sample in double on the host. Gradients flow to x and to the
 * parameters; sigma and the labels are inputs. The network is the child {@code model}, so parameter names
 * are EDM's ({@code model.enc.16x16_block0.conv0.weight}).
 */
public final class EDMPrecond extends Module {
    private final UNetConfig config;
    private final DhariwalUNet model;

    /** A freshly initialised teacher (EDM's initialisation; see {@link DhariwalUNet}). */
    public EDMPrecond(UNetConfig config, Backend backend, long seed) {
        this.config = config;
        this.model = registerModule("model", new DhariwalUNet(config, backend, seed));
    }

    public UNetConfig config() {
        return config;
    }

    public DhariwalUNet model() {
        return model;
    }

    /** Preconditioning coefficients for one noise level (EDM Table 1). */
    public record Coefficients(double cSkip, double cOut, double cIn, double cNoise) {
    }

    public Coefficients coefficients(double sigma) {
        double sd = config.sigmaData();
        double s2 = sigma * sigma + sd * sd;
        return new Coefficients(sd * sd / s2, sigma * sd / Math.sqrt(s2), 1 / Math.sqrt(s2),
                config.flavour().noiseScale() * Math.log(sigma) / 4);
    }

    /**
     * D(x; sigma, labels) in evaluation or training mode (see {@link #train}).
     *
     * @param x           [N, C, R, R]
     * @param sigma       N noise levels (any shape of N elements, or one for all)
     * @param classLabels [N, label_dim] or [1, label_dim]; null means zeros (no class), ignored when label_dim is 0
     * @param seed        the Philox stream of the dropout masks of this pass (training mode only)
     */
    public Var forward(Var x, Tensor sigma, Tensor classLabels, long seed) {
        int[] shape = x.shape();
        if (shape.length != 4 || shape[1] != config.imgChannels() || shape[2] != config.imgResolution()
                || shape[3] != config.imgResolution()) {
            throw new IllegalArgumentException("EDMPrecond: x has shape " + java.util.Arrays.toString(shape) + ", expected [N, "
                    + config.imgChannels() + ", " + config.imgResolution() + ", " + config.imgResolution() + "]");
        }
        int n = shape[0];
        double[] s = sigma.toDoubleArray();
        if (s.length != n && s.length != 1) {
            throw new IllegalArgumentException("EDMPrecond: " + s.length + " noise levels for a batch of " + n);
        }
        Backend backend = x.value().backend();
        double[] cSkip = new double[n];
        double[] cOut = new double[n];
        double[] cIn = new double[n];
        double[] cNoise = new double[n];
        for (int i = 0; i < n; i++) {
            Coefficients c = coefficients(s[s.length == 1 ? 0 : i]);
            cSkip[i] = c.cSkip();
            cOut[i] = c.cOut();
            cIn[i] = c.cIn();
            cNoise[i] = c.cNoise();
        }
        Tensor labels = labels(backend, classLabels, n);
        Var f = model.forward(Fn.mul(x, perSample(backend, cIn)), cNoise, labels, null, seed);
        return Fn.add(Fn.mul(x, perSample(backend, cSkip)), Fn.mul(f, perSample(backend, cOut)));
    }

    /** {@link #forward} in whatever mode the module is in, with seed 0 for any dropout. */
    public Var forward(Var x, Tensor sigma, Tensor classLabels) {
        return forward(x, sigma, classLabels, 0);
    }

    private Tensor labels(Backend backend, Tensor classLabels, int n) {
        int dim = config.labelDim();
        if (dim == 0) {
            return null;
        }
        if (classLabels == null) {
            return Tensor.zeros(backend, 1, dim);
        }
        if (classLabels.numel() % dim != 0 || (classLabels.numel() / dim != n && classLabels.numel() != dim)) {
            throw new IllegalArgumentException("EDMPrecond: class labels of shape " + java.util.Arrays.toString(classLabels.shape())
                    + " for a batch of " + n + " and label_dim " + dim + " (expected [" + n + ", " + dim + "])");
        }
        return classLabels.to(backend).reshape(-1, dim);
    }

    private static Var perSample(Backend backend, double[] values) {
        return Var.constant(Tensor.ofDoubles(backend, values, values.length, 1, 1, 1));
    }
}
