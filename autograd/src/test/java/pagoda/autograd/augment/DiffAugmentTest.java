package pagoda.autograd.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pagoda.autograd.Var;
import pagoda.autograd.augment.DiffAugment.Op;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;

/**
 * DiffAugment against scalar loops written from the reference's definitions (mit-han-lab
 * DiffAugment_pytorch.py): the colour formulas, the translation as a gather from the zero-padded image
 * at clamped indices and the cutout as a scatter of zeros at clamped indices, both as the reference
 * computes them; parameter ranges and determinism; the same parameters acting alike on two batches.
 * Values are compared on the float64 reference backend, where the op and the loop differ only by
 * rounding (1e-12 relative).
 */
class DiffAugmentTest {
    private static final Backend REF = Backends.reference();
    private static final double TOL = 1e-12;

    private static Tensor images(long seed, int... shape) {
        return Ops.uniform(REF, seed, 0, -1f, 1f, shape);
    }

    private static double[] apply(DiffAugment.Params p, Tensor x) {
        return DiffAugment.apply(Var.constant(x), p).value().toDoubleArray();
    }

    private static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            if (Math.abs(want[i] - got[i]) > TOL * (1 + Math.abs(want[i]))) {
                throw new AssertionError(what + ": element " + i + " expected " + want[i] + ", got " + got[i]);
            }
        }
    }

    @Test
    void colourFormulasPerSample() {
        int n = 3;
        int c = 3;
        int h = 4;
        int w = 5;
        Tensor x = images(1, n, c, h, w);
        DiffAugment.Params p = new DiffAugment(EnumSet.of(Op.COLOR), 0.125f, 0.2f).sample(n, h, w, 7, 100);
        assertNull(p.shiftH());
        assertNull(p.cutoutTop());
        double[] v = x.toDoubleArray();
        int plane = h * w;
        for (int b = 0; b < n; b++) {
            int base = b * c * plane;
            for (int i = base; i < base + c * plane; i++) {
                v[i] += p.brightness()[b];
            }
            for (int s = 0; s < plane; s++) {
                double m = 0;
                for (int ch = 0; ch < c; ch++) {
                    m += v[base + ch * plane + s];
                }
                m /= c;
                for (int ch = 0; ch < c; ch++) {
                    int at = base + ch * plane + s;
                    v[at] = (v[at] - m) * p.saturation()[b] + m;
                }
            }
            double m = 0;
            for (int i = base; i < base + c * plane; i++) {
                m += v[i];
            }
            m /= c * plane;
            for (int i = base; i < base + c * plane; i++) {
                v[i] = (v[i] - m) * p.contrast()[b] + m;
            }
        }
        assertClose(v, apply(p, x), "brightness, saturation, contrast");
    }

    /** The reference: pad by one zero pixel, gather at clamp(i + translation + 1, 0, H + 1), translation = -shift. */
    @Test
    void translationIsTheReferenceGather() {
        int n = 16;
        int c = 2;
        int h = 16;
        int w = 12;
        Tensor x = images(2, n, c, h, w);
        DiffAugment.Params p = new DiffAugment(EnumSet.of(Op.TRANSLATION), 0.125f, 0.2f).sample(n, h, w, 9, 0);
        double[] v = x.toDoubleArray();
        double[] want = new double[v.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        int pi = Math.clamp(i - p.shiftH()[b] + 1, 0, h + 1);
                        int pj = Math.clamp(j - p.shiftW()[b] + 1, 0, w + 1);
                        boolean pad = pi == 0 || pi == h + 1 || pj == 0 || pj == w + 1;
                        want[((b * c + ch) * h + i) * w + j] = pad ? 0 : v[((b * c + ch) * h + pi - 1) * w + pj - 1];
                    }
                }
            }
        }
        assertClose(want, apply(p, x), "translation");
    }

    /** The reference: zeros scattered at clamp(k + offset - size / 2, 0, H - 1) for k in [0, size). */
    @Test
    void cutoutIsTheReferenceScatter() {
        int n = 16;
        int h = 15;
        int w = 10;
        Tensor x = images(3, n, 2, h, w);
        DiffAugment.Params p = new DiffAugment(EnumSet.of(Op.CUTOUT), 0.125f, 0.2f).sample(n, h, w, 11, 0);
        assertEquals(3, p.cutoutHeight(), "int(15 * 0.2 + 0.5)");
        assertEquals(2, p.cutoutWidth(), "int(10 * 0.2 + 0.5)");
        double[] mask = new double[n * h * w];
        Arrays.fill(mask, 1);
        for (int b = 0; b < n; b++) {
            int offsetH = p.cutoutTop()[b] + p.cutoutHeight() / 2;
            int offsetW = p.cutoutLeft()[b] + p.cutoutWidth() / 2;
            for (int k = 0; k < p.cutoutHeight(); k++) {
                for (int l = 0; l < p.cutoutWidth(); l++) {
                    int i = Math.clamp(k + offsetH - p.cutoutHeight() / 2, 0, h - 1);
                    int j = Math.clamp(l + offsetW - p.cutoutWidth() / 2, 0, w - 1);
                    mask[(b * h + i) * w + j] = 0;
                }
            }
        }
        double[] v = x.toDoubleArray();
        double[] want = new double[v.length];
        for (int e = 0; e < v.length; e++) {
            int b = e / (2 * h * w);
            want[e] = v[e] * mask[b * h * w + e % (h * w)];
        }
        assertClose(want, apply(p, x), "cutout");
    }

    @Test
    void parameterRangesAndCoverage() {
        int n = 4000;
        int h = 32;
        int w = 20;
        DiffAugment.Params p = DiffAugment.pagoda().sample(n, h, w, 5, 12345);
        int maxH = 4;
        int maxW = 3;
        int cutH = 6;
        int cutW = 4;
        assertEquals(cutH, p.cutoutHeight());
        assertEquals(cutW, p.cutoutWidth());
        boolean[] seenH = new boolean[2 * maxH + 1];
        boolean[] seenW = new boolean[2 * maxW + 1];
        boolean[] seenTop = new boolean[h + 1];
        boolean[] seenLeft = new boolean[w + 1];
        for (int b = 0; b < n; b++) {
            assertTrue(p.brightness()[b] >= -0.5f && p.brightness()[b] < 0.5f);
            assertTrue(p.saturation()[b] >= 0f && p.saturation()[b] < 2f);
            assertTrue(p.contrast()[b] >= 0.5f && p.contrast()[b] < 1.5f);
            assertTrue(Math.abs(p.shiftH()[b]) <= maxH && Math.abs(p.shiftW()[b]) <= maxW, "shift within 1/8 of the size");
            seenH[p.shiftH()[b] + maxH] = true;
            seenW[p.shiftW()[b] + maxW] = true;
            int centreH = p.cutoutTop()[b] + cutH / 2;
            int centreW = p.cutoutLeft()[b] + cutW / 2;
            assertTrue(centreH >= 0 && centreH < h + 1, "even cutout height: centre in [0, H + 1)");
            assertTrue(centreW >= 0 && centreW < w + 1);
            seenTop[centreH] = true;
            seenLeft[centreW] = true;
        }
        for (boolean[] seen : new boolean[][] {seenH, seenW, seenTop, seenLeft}) {
            for (int k = 0; k < seen.length; k++) {
                assertTrue(seen[k], "value " + k + " of a range never drawn in " + n + " samples");
            }
        }
        DiffAugment.Params odd = new DiffAugment(EnumSet.of(Op.CUTOUT), 0.125f, 0.2f).sample(n, 15, 15, 6, 0);
        for (int b = 0; b < n; b++) {
            int centre = odd.cutoutTop()[b] + 1;
            assertTrue(centre >= 0 && centre < 15, "odd cutout height 3: centre in [0, H)");
        }
    }

    @Test
    void parametersAreKeyedBySeedOffsetAndSample() {
        DiffAugment aug = DiffAugment.pagoda();
        DiffAugment.Params a = aug.sample(6, 16, 16, 3, 64);
        DiffAugment.Params b = aug.sample(6, 16, 16, 3, 64);
        assertArrayEquals(a.brightness(), b.brightness());
        assertArrayEquals(a.shiftW(), b.shiftW());
        assertArrayEquals(a.cutoutLeft(), b.cutoutLeft());
        DiffAugment.Params first = aug.sample(2, 16, 16, 3, 64);
        DiffAugment.Params rest = aug.sample(4, 16, 16, 3, 64 + DiffAugment.draws(2));
        for (int k = 0; k < 6; k++) {
            DiffAugment.Params part = k < 2 ? first : rest;
            int i = k < 2 ? k : k - 2;
            assertEquals(a.contrast()[k], part.contrast()[i], "sample " + k + " keyed by its own draws");
            assertEquals(a.shiftH()[k], part.shiftH()[i]);
            assertEquals(a.cutoutTop()[k], part.cutoutTop()[i]);
        }
        DiffAugment.Params other = aug.sample(6, 16, 16, 4, 64);
        assertTrue(other.brightness()[0] != a.brightness()[0] || other.brightness()[1] != a.brightness()[1], "another seed");
    }

    /**
     * One Params value, two batches: the augmentation with fixed parameters is an affine map T, so
     * {@code T(x / 4 + 3 y / 4) = T(x) / 4 + 3 T(y) / 4} holds exactly when x and y see the same T.
     */
    @Test
    void sameParametersSameTransformOnBothBatches() {
        DiffAugment aug = DiffAugment.pagoda();
        int n = 4;
        Tensor x = images(4, n, 3, 16, 16);
        Tensor y = images(5, n, 3, 16, 16);
        DiffAugment.Params p = aug.sample(n, 16, 16, 8, 0);
        double[] ax = apply(p, x);
        double[] ay = apply(p, y);
        double[] combined = apply(p, Ops.add(Ops.mul(x, 0.25f), Ops.mul(y, 0.75f)));
        for (int i = 0; i < ax.length; i++) {
            double affine = 0.25 * ax[i] + 0.75 * ay[i];
            assertEquals(affine, combined[i], TOL * (1 + Math.abs(affine)), "the same affine map at element " + i);
        }
        Tensor[] halves = Ops.split(Ops.cat(0, x, y), 0, n, n);
        assertClose(ax, apply(p, halves[0]), "x again");
        assertClose(ay, apply(p, halves[1]), "y again");
        assertClose(ax, DiffAugment.apply(Var.constant(x), p).value().toDoubleArray(), "repeatable");
    }

    @Test
    void cpuMatchesReference() {
        try (CpuBackend cpu = new CpuBackend(2)) {
            DiffAugment aug = DiffAugment.pagoda();
            Tensor x = images(6, 5, 3, 16, 16);
            DiffAugment.Params p = aug.sample(5, 16, 16, 21, 0);
            double[] want = apply(p, x);
            double[] got = DiffAugment.apply(Var.constant(x.to(cpu)), p).value().toDoubleArray();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-5 * (1 + Math.abs(want[i])), "cpu element " + i);
            }
        }
    }

    @Test
    void badInput() {
        DiffAugment aug = DiffAugment.pagoda();
        DiffAugment.Params p = aug.sample(2, 8, 8, 1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DiffAugment.apply(Var.constant(images(1, 3, 3, 8, 8)), p));
        assertTrue(e.getMessage().contains("2 images of 8x8") && e.getMessage().contains("[3, 3, 8, 8]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DiffAugment.parse("color,flip", 0.125f, 0.2f));
        assertTrue(e.getMessage().contains("flip"), e.getMessage());
        assertEquals(Set.of(Op.COLOR, Op.CUTOUT), DiffAugment.parse("color, cutout", 0.125f, 0.2f).ops());
        assertThrows(IllegalArgumentException.class, () -> aug.apply(Var.constant(images(1, 3, 8)), 1, 0));
    }
}
