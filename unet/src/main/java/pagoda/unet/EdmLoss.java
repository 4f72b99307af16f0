package pagoda.unet;

import pagoda.autograd.Fn;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * EDM's training loss (Karras et al. 2022, Eq. 8 and Table 1; NVlabs/edm {@code EDMLoss}):
 * {@code ln sigma ~ N(pMean, pStd^2)}, {@code lambda(sigma) = (sigma^2 + sigmaData^2) / (sigma sigmaData)^2},
 * {@code loss = lambda(sigma) |D(y + sigma n; sigma) - y|^2} per element, here averaged over all elements.
 * The draws (the normal deviate per sample and the noise image) are inputs, so the loss is reproducible.
 */
public final class EdmLoss {
    public static final double P_MEAN = -1.2;
    public static final double P_STD = 1.2;

    private EdmLoss() {
    }

    /**
     * @param images      y [N, C, R, R]
     * @param classLabels [N, label_dim] or null
     * @param rndNormal   N standard normal deviates (sigma = exp(rndNormal pStd + pMean))
     * @param noise       n [N, C, R, R], standard normal
     * @param seed        dropout stream of the denoiser pass
     * @return the mean of the weighted squared error, a one-element Var
     */
    public static Var loss(EDMPrecond net, Tensor images, Tensor classLabels, Tensor rndNormal, Tensor noise, long seed) {
        Backend backend = images.backend();
        int n = images.size(0);
        double[] r = rndNormal.toDoubleArray();
        if (r.length != n) {
            throw new IllegalArgumentException("EdmLoss: " + r.length + " normal deviates for a batch of " + n);
        }
        double sd = net.config().sigmaData();
        double[] sigma = new double[n];
        double[] weight = new double[n];
        for (int i = 0; i < n; i++) {
            sigma[i] = Math.exp(r[i] * P_STD + P_MEAN);
            weight[i] = (sigma[i] * sigma[i] + sd * sd) / ((sigma[i] * sd) * (sigma[i] * sd));
        }
        Tensor sigmas = Tensor.ofDoubles(backend, sigma, n, 1, 1, 1);
        Tensor noisy = Ops.add(images, Ops.mul(noise, sigmas));
        Var d = net.forward(Var.constant(noisy), sigmas, classLabels, seed);
        Var err = Fn.square(Fn.sub(d, Var.constant(images)));
        return Fn.mean(Fn.mul(err, Var.constant(Tensor.ofDoubles(backend, weight, n, 1, 1, 1))));
    }
}
