package pagoda.unet;

import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * The sinusoidal embedding of the noise label used by the ADM (NVlabs/edm {@code PositionalEmbedding},
 * after Vaswani et al. 2017): for {@code C} channels and {@code i < C/2},
 * {@code f_i = (1 / maxPositions)^(i / (C/2 - endpoint))} and
 * {@code emb(t) = [cos(t f_0) .. cos(t f_{C/2-1}), sin(t f_0) .. sin(t f_{C/2-1})]}.
 * It has no parameters and no gradient (the noise level is an input, not a variable); it is computed in
 * double on the host, once per forward pass, and handed to the backend.
 */
public final class PositionalEmbedding {
    private final int channels;
    private final int maxPositions;
    private final boolean endpoint;

    public PositionalEmbedding(int channels, int maxPositions, boolean endpoint) {
        if (channels < 2 || channels % 2 != 0) {
            throw new IllegalArgumentException("PositionalEmbedding: " + channels + " channels, expected an even number >= 2");
        }
        this.channels = channels;
        this.maxPositions = maxPositions;
        this.endpoint = endpoint;
    }

    /** noise labels [N] to [N, C]. */
    public Tensor embed(Backend backend, double[] labels) {
        int half = channels / 2;
        double denominator = half - (endpoint ? 1 : 0);
        double[] out = new double[labels.length * channels];
        for (int i = 0; i < half; i++) {
            double freq = Math.pow(1.0 / maxPositions, i / denominator);
            for (int n = 0; n < labels.length; n++) {
                double angle = labels[n] * freq;
                out[n * channels + i] = Math.cos(angle);
                out[n * channels + half + i] = Math.sin(angle);
            }
        }
        return Tensor.ofDoubles(backend, out, labels.length, channels);
    }
}
