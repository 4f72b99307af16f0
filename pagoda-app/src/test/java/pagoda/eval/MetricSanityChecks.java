package pagoda.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * What makes the distribution metrics trustworthy, checked on real images (Heusel et al. 2017, fig. 2,
 * do the same with Inception): two disjoint real splits score near zero; Gaussian noise and blur score
 * worse the stronger they are; precision falls with noise and recall with blur; dropping half of the
 * classes lowers recall. Subclasses supply the images: split A is the reference ("real"), every other
 * set is compared with it. All draws are seeded, so the numbers are the same on every run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MetricSanityChecks {
    static final int N = 1000;
    static final float[] NOISE = {0.2f, 0.3f, 0.4f};
    static final double[] BLUR = {0.5, 1.0, 2.0};
    private static final Backend CPU = Backends.cpu();

    record Scores(double fd, double kid, double kidStd, double precision, double recall) {
    }

    private final Map<String, Scores> scores = new LinkedHashMap<>();
    private double selfDistance;
    private double traceA;

    /** The two disjoint splits, N images each, [N, C, H, W] in [-1, 1]. */
    abstract Tensor splitA() throws IOException;

    abstract Tensor splitB() throws IOException;

    /** N images of split B's distribution restricted to half of its classes (a generator that dropped modes). */
    abstract Tensor halfTheClasses() throws IOException;

    @BeforeAll
    void computeScores() throws IOException {
        FeatureNetwork net = FeaturesV1.bundled(CPU);
        Features a = FeatureExtraction.extract(net, splitA(), 200);
        Tensor b = splitB();
        Map<String, Tensor> sets = new LinkedHashMap<>();
        sets.put("split", b);
        for (float s : NOISE) {
            sets.put(noise(s), Corruptions.noise(b, s, 77));
        }
        for (double s : BLUR) {
            sets.put(blur(s), Corruptions.blur(b, s));
        }
        sets.put("half the classes", halfTheClasses());
        for (Map.Entry<String, Tensor> e : sets.entrySet()) {
            Features f = FeatureExtraction.extract(net, e.getValue(), 200);
            KernelInceptionDistance.Result kid = KernelInceptionDistance.of(f, a, 50, 500, 3, CPU);
            PrecisionRecall.Result pr = PrecisionRecall.of(a, f, 3, CPU);
            scores.put(e.getKey(), new Scores(FrechetDistance.of(f.stats(), a.stats()), kid.mean(), kid.std(), pr.precision(),
                    pr.recall()));
        }
        FeatureStats statsA = a.stats();
        selfDistance = FrechetDistance.of(statsA, statsA);
        for (int i = 0; i < statsA.dim(); i++) {
            traceA += statsA.cov()[i * statsA.dim() + i];
        }
        System.out.println(getClass().getSimpleName() + ", features-v1, " + N + " images a set, against split A:");
        scores.forEach((k, s) -> System.out.println(String.format(Locale.ROOT,
                "  %-17s fd %8.4f  kid %9.6f +- %8.6f  precision %.3f  recall %.3f", k, s.fd(), s.kid(), s.kidStd(), s.precision(), s.recall())));
        System.out.println(String.format(Locale.ROOT, "  %-17s fd %.3g", "A against A", selfDistance));
    }

    static String noise(float s) {
        return "noise " + s;
    }

    static String blur(double s) {
        return "blur " + s;
    }

    private Scores at(String key) {
        return scores.get(key);
    }

    @Test
    void disjointRealSplitsScoreNearZero() {
        Scores split = at("split");
        double largest = scores.values().stream().mapToDouble(Scores::fd).max().orElseThrow();
        // FD carries a positive bias of order tr(S) d / N from the finite sets; it must still be small
        // on the scale of the corrupted sets' scores.
        assertTrue(split.fd() < 0.1 * largest, split + " vs largest FD " + largest);
        assertTrue(split.fd() < 0.8 * at(noise(NOISE[0])).fd() && split.fd() < 0.8 * at(blur(BLUR[0])).fd(), scores.toString());
        // KID is unbiased: zero within its spread over the subsets.
        assertTrue(Math.abs(split.kid()) < 3 * split.kidStd(), split.toString());
    }

    @Test
    void frechetDistanceOfASetWithItselfIsZero() {
        // 2 tr(S) - 2 tr((S^2)^(1/2)): the eigenvalues of S^2 carry absolute errors of ~eps lambda_max^2,
        // so the square roots of the small ones are off by up to sqrt(eps) lambda_max ~ 1.5e-8 lambda_max
        // each; over 480 of them, below 1e-5 tr(S).
        assertEquals(0, selfDistance, 1e-5 * traceA);
    }

    @Test
    void noiseScoresWorseTheStrongerItIs() {
        Scores last = at("split");
        for (float s : NOISE) {
            Scores now = at(noise(s));
            assertTrue(now.fd() > last.fd() && now.kid() > last.kid(), noise(s) + ": " + now + " after " + last);
            assertTrue(now.precision() < last.precision(), noise(s) + ": precision " + now + " after " + last);
            last = now;
        }
        assertStandsOut(at(noise(NOISE[0])));
    }

    @Test
    void blurScoresWorseTheStrongerItIs() {
        Scores last = at("split");
        for (double s : BLUR) {
            Scores now = at(blur(s));
            assertTrue(now.fd() > last.fd() && now.kid() > last.kid(), blur(s) + ": " + now + " after " + last);
            assertTrue(now.recall() < last.recall(), blur(s) + ": recall " + now + " after " + last);
            last = now;
        }
        assertStandsOut(at(blur(BLUR[0])));
    }

    /** The mildest corruption's KID exceeds the split's by more than twice the split's spread over subsets. */
    private void assertStandsOut(Scores mildest) {
        Scores split = at("split");
        assertTrue(mildest.kid() - split.kid() > 2 * split.kidStd(), mildest + " against " + split);
    }

    @Test
    void droppingHalfTheClassesLowersRecallNotPrecision() {
        Scores split = at("split");
        Scores half = at("half the classes");
        assertTrue(half.recall() < split.recall() - 0.1, half + " vs " + split);
        assertTrue(half.precision() > split.precision() - 0.05, half + " vs " + split);
        assertTrue(half.fd() > 2 * split.fd(), half + " vs " + split);
    }

    /** The first {@code count} images of {@code images} [M, ...] whose label is below {@code classes}. */
    static Tensor firstWithLabelBelow(Tensor images, int[] labels, int classes, int count) {
        List<Tensor> keep = new ArrayList<>();
        for (int i = 0; i < labels.length && keep.size() < count; i++) {
            if (labels[i] < classes) {
                keep.add(images.slice(0, i, i + 1));
            }
        }
        if (keep.size() < count) {
            throw new IllegalStateException("only " + keep.size() + " images with label below " + classes);
        }
        return Ops.cat(0, keep.toArray(new Tensor[0]));
    }
}
