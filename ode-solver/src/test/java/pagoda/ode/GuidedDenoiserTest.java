package pagoda.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pagoda.ode.analytic.GaussianDenoiser;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;

class GuidedDenoiserTest {
    private static final Backend REF = Backends.reference();
    private static final GaussianDenoiser CLASSES = GaussianDenoiser.conditional(0.5, 0.4, -0.6, 0.9);

    /** Records every call it forwards. */
    private static final class Recording implements Denoiser {
        final List<Tensor> inputs = new ArrayList<>();
        final List<double[]> sigmas = new ArrayList<>();
        final List<Tensor> labels = new ArrayList<>();

        @Override
        public Tensor denoise(Tensor x, double[] sigma, Tensor l) {
            inputs.add(x);
            sigmas.add(sigma.clone());
            labels.add(l);
            return CLASSES.denoise(x, sigma, l);
        }
    }

    private static Tensor oneHot(int... classes) {
        double[] l = new double[classes.length * 3];
        for (int i = 0; i < classes.length; i++) {
            l[i * 3 + classes[i]] = 1;
        }
        return Tensor.ofDoubles(REF, l, classes.length, 3);
    }

    @Test
    void equalsTheFormulaFromOneDoubledCall() {
        Tensor x = SampleNoise.latents(REF, 5, 0, 3, 2, 2, 2);
        double[] sigma = {0.5, 2, 30};
        Tensor labels = oneHot(0, 2, 1);
        Recording inner = new Recording();
        double w = 2.5;
        double[] guided = GuidedDenoiser.withZeroNullLabel(inner, w, labels).denoise(x, sigma, labels).toDoubleArray();

        assertEquals(1, inner.inputs.size(), "one batched call per evaluation");
        assertArrayEquals(new int[] {6, 2, 2, 2}, inner.inputs.get(0).shape());
        assertArrayEquals(new double[] {0.5, 2, 30, 0.5, 2, 30}, inner.sigmas.get(0));
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                inner.labels.get(0).toDoubleArray(), "conditional labels, then the zero null label for every sample");

        double[] cond = CLASSES.denoise(x, sigma, labels).toDoubleArray();
        double[] uncond = CLASSES.denoise(x, sigma, Tensor.zeros(REF, 3, 3)).toDoubleArray();
        for (int j = 0; j < guided.length; j++) {
            assertEquals(uncond[j] + w * (cond[j] - uncond[j]), guided[j], 1e-12, "element " + j);
        }
    }

    @Test
    void scaleOneIsConditionalAndZeroIsTheNullLabel() {
        Tensor x = SampleNoise.latents(REF, 6, 0, 2, 1, 3, 3);
        double[] sigma = {1, 1};
        Tensor labels = oneHot(1, 2);
        Tensor nullLabel = Tensor.ofDoubles(REF, new double[] {0, 0, 1}, 3);
        assertArrayEquals(CLASSES.denoise(x, sigma, labels).toDoubleArray(),
                new GuidedDenoiser(CLASSES, 1, nullLabel).denoise(x, sigma, labels).toDoubleArray(), 1e-12);
        assertArrayEquals(CLASSES.denoise(x, sigma, oneHot(2, 2)).toDoubleArray(),
                new GuidedDenoiser(CLASSES, 0, nullLabel).denoise(x, sigma, labels).toDoubleArray(), 1e-12,
                "w = 0 is the model under the given null label (here the one-hot of class 2)");
    }

    @Test
    void perSampleScalesGiveEachSampleItsOwnGuidance() {
        Tensor x = SampleNoise.latents(REF, 7, 0, 3, 2, 2, 2);
        double[] sigma = {0.5, 2, 30};
        Tensor labels = oneHot(0, 2, 1);
        double[] w = {1, 2.5, 4};
        double[] guided = GuidedDenoiser.perSample(CLASSES, w, 3).denoise(x, sigma, labels).toDoubleArray();
        int per = guided.length / 3;
        for (int i = 0; i < 3; i++) {
            double[] alone = GuidedDenoiser.withZeroNullLabel(CLASSES, w[i], labels).denoise(x, sigma, labels).toDoubleArray();
            for (int j = i * per; j < (i + 1) * per; j++) {
                assertEquals(alone[j], guided[j], 1e-12, "sample " + i + ", element " + j);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GuidedDenoiser.perSample(CLASSES, new double[] {1, 2}, 3).denoise(x, sigma, labels));
        assertEquals("guidance: 2 per-sample scales for a batch of 3", e.getMessage());
    }

    @Test
    void needsLabelsOfTheNullLabelsWidth() {
        Tensor x = SampleNoise.latents(REF, 6, 0, 2, 1, 3, 3);
        GuidedDenoiser g = GuidedDenoiser.withZeroNullLabel(CLASSES, 2, oneHot(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> g.denoise(x, new double[] {1, 1}, null))
                .getMessage().contains("needs class labels"));
        assertThrows(IllegalArgumentException.class,
                () -> g.denoise(x, new double[] {1, 1}, Tensor.zeros(REF, 2, 4)));
        assertThrows(IllegalArgumentException.class, () -> new GuidedDenoiser(CLASSES, Double.NaN, Tensor.zeros(REF, 3)));
    }
}
