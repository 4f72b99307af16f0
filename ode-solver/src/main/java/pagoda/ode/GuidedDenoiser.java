package pagoda.ode;

import java.util.Arrays;
import java.util.Objects;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Classifier-free guidance (Ho and Salimans 2022) as a denoiser: D_w = D_uncond + w (D_cond - D_uncond),
 * so w = 1 is the conditional model and w = 0 the unconditional one. Both terms come from ONE call of the
 * wrapped denoiser on a doubled batch: the conditional labels first, then the null label for every sample.
 *
 * <p>The null label is whatever the teacher was trained to read as "no class": a zero vector when labels
 * were dropped by zeroing the one-hot (EDM's label dropout, {@link #withZeroNullLabel}), or the one-hot
 * of an extra class. It is a row [K] of the same width as the conditional labels.
 *
 * <p>The scale may differ per sample ({@link #perSample}: a batch of samples each at its own w, as the guided
 * generator's distillation targets are drawn); sample i of every call then gets w_i.
 */
public final class GuidedDenoiser implements Denoiser {
    private final Denoiser conditional;
    private final double[] scales;
    private final Tensor nullLabel;

    /**
     * @param conditional the class-conditional denoiser, called once per evaluation with batch 2N
     * @param scale       the guidance weight w (finite)
     * @param nullLabel   the label row [K] that means "unconditional"
     */
    public GuidedDenoiser(Denoiser conditional, double scale, Tensor nullLabel) {
        this(conditional, new double[] {scale}, nullLabel);
    }

    private GuidedDenoiser(Denoiser conditional, double[] scales, Tensor nullLabel) {
        this.conditional = Objects.requireNonNull(conditional, "conditional denoiser");
        this.nullLabel = Objects.requireNonNull(nullLabel, "null label");
        if (scales.length == 0) {
            throw new IllegalArgumentException("guidance needs at least one scale");
        }
        for (double w : scales) {
            if (!Double.isFinite(w)) {
                throw new IllegalArgumentException("guidance scale must be finite, got " + w);
            }
        }
        if (nullLabel.rank() != 1) {
            throw new IllegalArgumentException("null label must be a row [K], got shape " + Arrays.toString(nullLabel.shape()));
        }
        this.scales = scales.clone();
    }

    /**
     * Guidance with scale {@code scales[i]} for sample i of every call (a teacher trained with EDM's label
     * dropout: zero null label of width K); calls must then have exactly {@code scales.length} samples.
     */
    public static GuidedDenoiser perSample(Denoiser conditional, double[] scales, int classes) {
        return new GuidedDenoiser(conditional, scales, Tensor.zeros(Backends.reference(), classes));
    }

    /** Guidance for a teacher trained with EDM's label dropout, whose null label is the zero vector of width K. */
    public static GuidedDenoiser withZeroNullLabel(Denoiser conditional, double scale, Tensor labelsLike) {
        return new GuidedDenoiser(conditional, scale, Tensor.zeros(labelsLike.backend(), labelsLike.size(-1)));
    }

    /** The guidance weight w; for per-sample scales, that of sample 0. */
    public double scale() {
        return scales[0];
    }

    @Override
    public Tensor denoise(Tensor x, double[] sigma, Tensor labels) {
        if (labels == null) {
            throw new IllegalArgumentException("classifier-free guidance needs class labels; got none");
        }
        int n = x.size(0);
        if (labels.rank() != 2 || labels.size(0) != n || labels.size(1) != nullLabel.size(0)) {
            throw new IllegalArgumentException("guidance: labels " + Arrays.toString(labels.shape()) + " do not match "
                    + n + " samples and the null label's width " + nullLabel.size(0));
        }
        if (scales.length != 1 && scales.length != n) {
            throw new IllegalArgumentException("guidance: " + scales.length + " per-sample scales for a batch of " + n);
        }
        double[] both = Arrays.copyOf(sigma, 2 * n);
        System.arraycopy(sigma, 0, both, n, n);
        Tensor d = conditional.denoise(Ops.cat(0, x, x), both,
                Ops.cat(0, labels, nullLabel.to(labels.backend()).unsqueeze(0).broadcastTo(n, nullLabel.size(0))));
        Tensor[] parts = Ops.split(d, 0, n, n);
        Tensor unconditional = parts[1];
        Tensor difference = Ops.sub(parts[0], unconditional);
        if (scales.length == 1) {
            return Ops.add(unconditional, Ops.mul(difference, (float) scales[0]));
        }
        int[] perSample = new int[x.rank()];
        Arrays.fill(perSample, 1);
        perSample[0] = n;
        return Ops.add(unconditional, Ops.mul(difference, Tensor.ofDoubles(x.backend(), scales, perSample)));
    }
}
