package pagoda.autograd.augment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import pagoda.autograd.Fn;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;
import pagoda.tensor.random.Philox;

/**
 * Differentiable augmentation (Zhao, Liu, Lin, Zhu and Han, "Differentiable Augmentation for
 * Data-Efficient GAN Training", NeurIPS 2020), as {@code DiffAugment_pytorch.py} of mit-han-lab applies it
 * to images x [N, C, H, W], each op with its own random parameters per sample, in this order:
 * <ul>
 *   <li>brightness: {@code x + b}, b ~ U(-0.5, 0.5);</li>
 *   <li>saturation: {@code m + (x - m) s}, m the mean over channels at each pixel, s ~ U(0, 2);</li>
 *   <li>contrast: {@code m + (x - m) c}, m the mean over channels and pixels of the sample, c ~ U(0.5, 1.5);</li>
 *   <li>translation: the content moves by integers (dy, dx), each uniform in [-t, t] with t =
 *       {@code int(size * ratio + 0.5)} of its axis, with zero fill (the reference reads the zero-padded
 *       image at {@code i + translation}: a move by -translation, the same distribution);</li>
 *   <li>cutout: a k x l rectangle of zeros, k = {@code int(H * ratio + 0.5)}, l likewise, centred (offset by
 *       k / 2, rounded down) on a row uniform in [0, H + 1 - k mod 2) and a column likewise, clipped to the
 *       image.</li>
 * </ul>
 * Every op is differentiable with respect to the images; the parameters are constants.
 *
 * <p>Randomness: the parameters are drawn on the host from the Philox stream {@code seed}, sample n from
 * the draws {@code offset + DRAWS_PER_SAMPLE n + k} (k = 0 brightness, 1 saturation, 2 contrast, 3 and 4
 * the translation rows and columns, 5 and 6 the cutout centre), so a sample's parameters do not depend on
 * the batch size and a training loop advances {@code offset} by {@link #draws(int)} per batch. Drawing
 * them as a {@link Params} value first lets the same transform be applied to two batches (the
 * perceptual loss augments the generated and the real image alike).
 */
public final class DiffAugment {
    /** The draws reserved per sample: two Philox blocks, seven used. */
    public static final int DRAWS_PER_SAMPLE = 8;
    /** DiffAugment's translation ratio (1/8 of the size), PaGoDA's and the reference's default. */
    public static final float TRANSLATION_RATIO = 0.125f;
    /** PaGoDA's cutout ratio (1/5 of the size; the DiffAugment default is 1/2). */
    public static final float CUTOUT_RATIO = 0.2f;

    /** The reference's policy names: "color" is brightness, saturation and contrast. */
    public enum Op { COLOR, TRANSLATION, CUTOUT }

    private final EnumSet<Op> ops;
    private final float translationRatio;
    private final float cutoutRatio;

    public DiffAugment(Set<Op> ops, float translationRatio, float cutoutRatio) {
        if (!(translationRatio >= 0 && translationRatio <= 1) || !(cutoutRatio >= 0 && cutoutRatio <= 1)) {
            throw new IllegalArgumentException("DiffAugment: translation ratio " + translationRatio + " and cutout ratio "
                    + cutoutRatio + " must lie in [0, 1]");
        }
        this.ops = ops.isEmpty() ? EnumSet.noneOf(Op.class) : EnumSet.copyOf(ops);
        this.translationRatio = translationRatio;
        this.cutoutRatio = cutoutRatio;
    }

    /** PaGoDA's augmentation: "color,translation,cutout" with ratios 1/8 and 1/5. */
    public static DiffAugment pagoda() {
        return new DiffAugment(EnumSet.allOf(Op.class), TRANSLATION_RATIO, CUTOUT_RATIO);
    }

    /**
     * A policy as the reference writes it: comma-separated names among "color", "translation" and
     * "cutout"; "" means none.
     */
    public static DiffAugment parse(String policy, float translationRatio, float cutoutRatio) {
        Set<Op> ops = EnumSet.noneOf(Op.class);
        for (String name : policy.split(",")) {
            String n = name.strip();
            if (n.isEmpty()) {
                continue;
            }
            try {
                ops.add(Op.valueOf(n.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DiffAugment policy '" + policy + "': unknown op '" + n
                        + "' (expected color, translation, cutout)", e);
            }
        }
        return new DiffAugment(ops, translationRatio, cutoutRatio);
    }

    public Set<Op> ops() {
        return EnumSet.copyOf(ops);
    }

    /** The Philox draws one batch of {@code batch} samples uses: advance the offset by this much. */
    public static long draws(int batch) {
        return (long) DRAWS_PER_SAMPLE * batch;
    }

    /**
     * Random parameters for a batch of {@code batch} images of {@code height} x {@code width}. Arrays of
     * disabled ops are null (each of brightness, saturation, contrast, the shift pair and the cutout
     * corner pair is applied when present). Shifts move content down and right when positive; the cutout rectangle
     * covers rows {@code cutoutTop[n] .. cutoutTop[n] + cutoutHeight - 1} (clipped) and columns alike.
     */
    public record Params(int batch, int height, int width, float[] brightness, float[] saturation, float[] contrast,
                         int[] shiftH, int[] shiftW, int[] cutoutTop, int[] cutoutLeft, int cutoutHeight, int cutoutWidth) {
        public Params {
            if (batch < 0 || height < 1 || width < 1) {
                throw new IllegalArgumentException("DiffAugment.Params: batch " + batch + " of " + height + "x" + width
                        + " images (expected batch >= 0 and positive sizes)");
            }
            checkLength("brightness", brightness, batch);
            checkLength("saturation", saturation, batch);
            checkLength("contrast", contrast, batch);
            checkLength("shiftH", shiftH, batch);
            checkLength("shiftW", shiftW, batch);
            checkLength("cutoutTop", cutoutTop, batch);
            checkLength("cutoutLeft", cutoutLeft, batch);
            if ((shiftH == null) != (shiftW == null) || (cutoutTop == null) != (cutoutLeft == null)) {
                throw new IllegalArgumentException("DiffAugment.Params: shiftH and shiftW, cutoutTop and cutoutLeft come in pairs");
            }
        }

        private static void checkLength(String name, float[] values, int batch) {
            checkLength(name, values == null ? batch : values.length, batch);
        }

        private static void checkLength(String name, int[] values, int batch) {
            checkLength(name, values == null ? batch : values.length, batch);
        }

        private static void checkLength(String name, int length, int batch) {
            if (length != batch) {
                throw new IllegalArgumentException("DiffAugment.Params: " + name + " has " + length
                        + " values for a batch of " + batch);
            }
        }
    }

    /** Draws the parameters of a batch from the Philox stream {@code seed}, starting at draw {@code offset}. */
    public Params sample(int batch, int height, int width, long seed, long offset) {
        float[] u = new float[Math.multiplyExact(batch, DRAWS_PER_SAMPLE)];
        Philox.fill(u, 0, u.length, seed, offset, false, 0f, 1f);
        boolean color = ops.contains(Op.COLOR);
        boolean translation = ops.contains(Op.TRANSLATION);
        boolean cutout = ops.contains(Op.CUTOUT);
        float[] brightness = color ? new float[batch] : null;
        float[] saturation = color ? new float[batch] : null;
        float[] contrast = color ? new float[batch] : null;
        int[] shiftH = translation ? new int[batch] : null;
        int[] shiftW = translation ? new int[batch] : null;
        int[] top = cutout ? new int[batch] : null;
        int[] left = cutout ? new int[batch] : null;
        int maxH = (int) (height * (double) translationRatio + 0.5);
        int maxW = (int) (width * (double) translationRatio + 0.5);
        int cutH = (int) (height * (double) cutoutRatio + 0.5);
        int cutW = (int) (width * (double) cutoutRatio + 0.5);
        for (int n = 0; n < batch; n++) {
            int at = n * DRAWS_PER_SAMPLE;
            if (color) {
                brightness[n] = u[at] - 0.5f;
                saturation[n] = u[at + 1] * 2f;
                contrast[n] = u[at + 2] + 0.5f;
            }
            if (translation) {
                shiftH[n] = integer(u[at + 3], -maxH, maxH + 1);
                shiftW[n] = integer(u[at + 4], -maxW, maxW + 1);
            }
            if (cutout) {
                top[n] = integer(u[at + 5], 0, height + (1 - cutH % 2)) - cutH / 2;
                left[n] = integer(u[at + 6], 0, width + (1 - cutW % 2)) - cutW / 2;
            }
        }
        return new Params(batch, height, width, brightness, saturation, contrast, shiftH, shiftW, top, left,
                cutout ? cutH : 0, cutout ? cutW : 0);
    }

    /** An integer uniform in [lo, hi) from u uniform in [0, 1), as {@code torch.randint(lo, hi)}. */
    static int integer(float u, int lo, int hi) {
        return lo + Math.min((int) Math.floor(u * (double) (hi - lo)), hi - lo - 1);
    }

    /** Samples parameters for x [N, C, H, W] and applies them. */
    public Var apply(Var x, long seed, long offset) {
        int[] s = checkImages(x);
        return apply(x, sample(s[0], s[2], s[3], seed, offset));
    }

    /** Applies given parameters to x [N, C, H, W]; they must have been drawn for its batch and size. */
    public static Var apply(Var x, Params p) {
        int[] s = checkImages(x);
        if (p.batch() != s[0] || p.height() != s[2] || p.width() != s[3]) {
            throw new IllegalArgumentException("DiffAugment: parameters for " + p.batch() + " images of " + p.height() + "x"
                    + p.width() + " applied to " + Shapes.str(s));
        }
        Backend backend = x.value().backend();
        if (p.brightness() != null) {
            x = Fn.add(x, perSample(backend, p.brightness()));
        }
        if (p.saturation() != null) {
            x = towardsMean(x, Fn.meanKeep(x, 1), perSample(backend, p.saturation()));
        }
        if (p.contrast() != null) {
            x = towardsMean(x, Fn.meanKeep(x, 1, 2, 3), perSample(backend, p.contrast()));
        }
        if (p.shiftH() != null) {
            x = Fn.translate(x, p.shiftH(), p.shiftW());
        }
        if (p.cutoutTop() != null) {
            x = Fn.cutout(x, p.cutoutTop(), p.cutoutLeft(), p.cutoutHeight(), p.cutoutWidth());
        }
        return x;
    }

    private static int[] checkImages(Var x) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] < 1 || s[2] < 1 || s[3] < 1) {
            throw new IllegalArgumentException("DiffAugment: images " + Shapes.str(s) + " must be [N, C, H, W] with C, H, W >= 1");
        }
        return s;
    }

    /** {@code m + (x - m) factor}, the reference's order of operations. */
    private static Var towardsMean(Var x, Var m, Var factor) {
        return Fn.add(Fn.mul(Fn.sub(x, m), factor), m);
    }

    /** One value per sample as a constant [N, 1, 1, 1]. */
    private static Var perSample(Backend backend, float[] v) {
        return Var.constant(Tensor.of(backend, v.clone(), v.length, 1, 1, 1));
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        ops.forEach(o -> names.add(o.name().toLowerCase(Locale.ROOT)));
        return "DiffAugment(" + String.join(",", names) + "; translation " + translationRatio + ", cutout " + cutoutRatio + ")";
    }
}
