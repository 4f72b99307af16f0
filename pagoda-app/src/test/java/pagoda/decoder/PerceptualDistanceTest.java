package pagoda.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import pagoda.autograd.Fn;
import pagoda.autograd.Var;
import pagoda.autograd.augment.DiffAugment;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * The perceptual distance: the LPIPS form with frozen random projections, checked in double on a toy feature
 * network; zero for identical images; one DiffAugment transform for both sides; the teacher's encoder as
 * the default feature network; and the pixel ablation.
 */
class PerceptualDistanceTest {
    private static final int R = Tiny.RESOLUTION;

    /** Two levels: the image itself and its 2x2 average, shifted so that no feature vector is zero. */
    private static final FeatureNetwork TOY = new FeatureNetwork() {
        @Override
        public int[] channels() {
            return new int[] {3, 3};
        }

        @Override
        public int[] resolutions() {
            return new int[] {R, R / 2};
        }

        @Override
        public List<Var> features(Var x, Tensor labels) {
            return List.of(x, Fn.add(Fn.avgPool2x(x), 0.1f));
        }
    };

    private static Tensor images(long seed, int n) {
        return Ops.uniform(Tiny.CPU, seed, 0, -1f, 1f, n, 3, R, R);
    }

    @Test
    void matchesTheFormulaInDouble() {
        PerceptualDistance d = new PerceptualDistance(TOY, Tiny.CPU, 7);
        Tensor a = images(1, 2);
        Tensor b = images(2, 2);
        float[] got = d.perSample(Var.constant(a), b, null, null).value().toFloatArray();
        RandomProjections p = new RandomProjections(Tiny.CPU, TOY.channels(), 7);
        for (int n = 0; n < 2; n++) {
            double expected = 0;
            for (int l = 0; l < 2; l++) {
                double[][][] fa = projected(feature(a, n, l), p.weight(l));
                double[][][] fb = projected(feature(b, n, l), p.weight(l));
                int s = fa[0].length;
                double level = 0;
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        double na = 0;
                        double nb = 0;
                        for (int c = 0; c < 3; c++) {
                            na += fa[c][y][x] * fa[c][y][x];
                            nb += fb[c][y][x] * fb[c][y][x];
                        }
                        for (int c = 0; c < 3; c++) {
                            double diff = fa[c][y][x] / Math.sqrt(na) - fb[c][y][x] / Math.sqrt(nb);
                            level += diff * diff;
                        }
                    }
                }
                expected += level / (s * s);
            }
            // Unit vectors in float32 and sums of a few hundred squares: 1e-5 relative is about 100 ulps.
            assertEquals(expected, got[n], 1e-5 * expected, "sample " + n);
        }
    }

    /** Level l of the toy network for sample n, in double: [C][S][S]. */
    private static double[][][] feature(Tensor images, int n, int l) {
        float[] v = images.toFloatArray();
        int s = l == 0 ? R : R / 2;
        double[][][] f = new double[3][s][s];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    if (l == 0) {
                        f[c][y][x] = v[((n * 3 + c) * R + y) * R + x];
                    } else {
                        double sum = 0;
                        for (int dy = 0; dy < 2; dy++) {
                            for (int dx = 0; dx < 2; dx++) {
                                sum += v[((n * 3 + c) * R + 2 * y + dy) * R + 2 * x + dx];
                            }
                        }
                        f[c][y][x] = sum / 4 + 0.1;
                    }
                }
            }
        }
        return f;
    }

    private static double[][][] projected(double[][][] f, Tensor weight) {
        float[] w = weight.toFloatArray();
        int s = f[0].length;
        double[][][] out = new double[3][s][s];
        for (int o = 0; o < 3; o++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        out[o][y][x] += w[o * 3 + c] * f[c][y][x];
                    }
                }
            }
        }
        return out;
    }

    @Test
    void isZeroForIdenticalImagesWithOrWithoutAugmentation() {
        TeacherFeatures features = new TeacherFeatures(Tiny.teacher(0, 31), TeacherFeatures.DEFAULT_SIGMA);
        PerceptualDistance d = new PerceptualDistance(features, Tiny.CPU, 3);
        Tensor x = images(3, 4);
        DiffAugment.Params p = DiffAugment.pagoda().sample(4, R, R, 9, 0);
        for (DiffAugment.Params augment : new DiffAugment.Params[] {null, p}) {
            float[] same = d.perSample(Var.constant(x), x, null, augment).value().toFloatArray();
            assertArrayEquals(new float[4], same, "d(x, x) = 0, augment " + (augment != null));
        }
        float[] apart = d.perSample(Var.constant(images(4, 4)), x, null, p).value().toFloatArray();
        for (float v : apart) {
            assertTrue(v > 1e-3, "distinct images are apart: " + v);
        }
    }

    /** With Params, both sides see the very same transform: as if both had been augmented first. */
    @Test
    void appliesTheSameAugmentationToBothSides() {
        TeacherFeatures features = new TeacherFeatures(Tiny.teacher(0, 32), TeacherFeatures.DEFAULT_SIGMA);
        for (ReconstructionLoss d : new ReconstructionLoss[] {new PerceptualDistance(features, Tiny.CPU, 4), new PixelDistance()}) {
            Tensor a = images(5, 3);
            Tensor b = images(6, 3);
            DiffAugment.Params p = DiffAugment.pagoda().sample(3, R, R, 10, 0);
            float[] inside = d.perSample(Var.constant(a), b, null, p).value().toFloatArray();
            Tensor augA = DiffAugment.apply(Var.constant(a), p).value();
            Tensor augB = DiffAugment.apply(Var.constant(b), p).value();
            float[] before = d.perSample(Var.constant(augA), augB, null, null).value().toFloatArray();
            assertArrayEquals(before, inside, d.name());
            float[] plain = d.perSample(Var.constant(a), b, null, null).value().toFloatArray();
            assertTrue(plain[0] != inside[0], d.name() + ": the augmentation changes the distance");
        }
    }

    @Test
    void pixelDistanceIsTheMeanSquaredError() {
        Tensor a = images(7, 2);
        Tensor b = images(8, 2);
        float[] got = new PixelDistance().perSample(Var.constant(a), b, null, null).value().toFloatArray();
        float[] av = a.toFloatArray();
        float[] bv = b.toFloatArray();
        int per = 3 * R * R;
        for (int n = 0; n < 2; n++) {
            double sum = 0;
            for (int i = 0; i < per; i++) {
                double diff = av[n * per + i] - bv[n * per + i];
                sum += diff * diff;
            }
            assertEquals(sum / per, got[n], 1e-6 * sum / per);
        }
    }

    /** The gradient reaches the generated images through the frozen teacher, and only them. */
    @Test
    void gradientFlowsToTheGeneratedImagesNotToTheTeacher() {
        var teacher = Tiny.teacher(0, 33);
        TeacherFeatures features = new TeacherFeatures(teacher, TeacherFeatures.DEFAULT_SIGMA);
        assertArrayEquals(new int[] {16, 32}, features.channels());
        assertArrayEquals(new int[] {8, 4}, features.resolutions());
        List<Var> maps = features.features(Var.constant(images(11, 2)), null);
        assertArrayEquals(new int[] {2, 16, 8, 8}, maps.get(0).shape());
        assertArrayEquals(new int[] {2, 32, 4, 4}, maps.get(1).shape());
        Var fake = Var.parameter(images(9, 2));
        Var loss = Fn.mean(new PerceptualDistance(features, Tiny.CPU, 5).perSample(fake, images(10, 2), null, null));
        loss.backward();
        assertTrue(AdaptiveWeight.norm(fake.grad()) > 0, "a gradient for the images");
        teacher.namedParameters().forEach((name, p) -> assertEquals(null, p.grad(), name + " is frozen"));
    }
}
