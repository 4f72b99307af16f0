package pagoda.inverse;

import java.util.Arrays;
import pagoda.autograd.Fn;
import pagoda.autograd.Var;
import pagoda.image.ByteImage;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Inpainting's operator: A(x) = m x, with m [1, 1, H, W] 1 where a pixel is known and 0 where it is missing,
 * the same for every channel and every image of a batch.
 */
public final class Mask implements Measurement {
    private final Tensor m;
    private final int known;

    /** @param known1 H x W flags, row-major: true where the pixel is known */
    public Mask(Backend backend, boolean[] known1, int height, int width) {
        if (known1.length != height * width) {
            throw new IllegalArgumentException("mask: " + known1.length + " flags for a " + height + "x" + width + " image");
        }
        float[] v = new float[known1.length];
        int count = 0;
        for (int i = 0; i < v.length; i++) {
            if (known1[i]) {
                v[i] = 1;
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("mask: every pixel is missing; nothing constrains the image");
        }
        this.m = Tensor.of(backend, v, 1, 1, height, width);
        this.known = count;
    }

    /**
     * A mask image: a pixel is known where its first channel is at least 128 (white), missing where darker
     * (black).
     */
    public static Mask of(Backend backend, ByteImage image) {
        boolean[] k = new boolean[image.height() * image.width()];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                k[y * image.width() + x] = image.get(0, y, x) >= 128;
            }
        }
        return new Mask(backend, k, image.height(), image.width());
    }

    /**
     * The evaluation's mask: a centred missing square of side {@code round(fraction * side)} (at least 1), the
     * rest known.
     */
    public static Mask centreSquare(Backend backend, int side, double fraction) {
        int hole = Math.max(1, (int) Math.round(fraction * side));
        if (hole >= side) {
            throw new IllegalArgumentException("mask: a hole of " + hole + " pixels leaves nothing of a " + side + "x" + side + " image");
        }
        int start = (side - hole) / 2;
        boolean[] k = new boolean[side * side];
        Arrays.fill(k, true);
        for (int y = start; y < start + hole; y++) {
            for (int x = start; x < start + hole; x++) {
                k[y * side + x] = false;
            }
        }
        return new Mask(backend, k, side, side);
    }

    /** m [1, 1, H, W]. */
    public Tensor tensor() {
        return m;
    }

    public int height() {
        return m.size(2);
    }

    public int width() {
        return m.size(3);
    }

    /** Known pixels. */
    public int known() {
        return known;
    }

    @Override
    public Var apply(Var x) {
        int[] s = x.shape();
        if (s.length != 4 || s[2] != height() || s[3] != width()) {
            throw new IllegalArgumentException("mask: " + height() + "x" + width() + " mask for images " + Arrays.toString(s));
        }
        return Fn.mul(x, Var.constant(m.to(x.value().backend())));
    }

    /** m y + (1 - m) x: the known pixels as measured, the missing ones from the estimate. */
    @Override
    public Tensor consistent(Tensor estimate, Tensor y) {
        Tensor mk = m.to(estimate.backend());
        return Ops.add(Ops.mul(y, mk), Ops.sub(estimate, Ops.mul(estimate, mk)));
    }

    /** The blurred fill of {@link Baselines#harmonicFill}. */
    @Override
    public Tensor baseline(Tensor y, int channels) {
        return Baselines.harmonicFill(y, this);
    }

    @Override
    public String describe() {
        return "mask (" + known + " of " + height() * width() + " pixels known)";
    }
}
