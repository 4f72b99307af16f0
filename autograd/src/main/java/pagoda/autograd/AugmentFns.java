package pagoda.autograd;

import java.util.Arrays;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/** DiffAugment's geometric ops (Zhao et al. 2020): per-sample translation and cutout, forward, then backward rule. */
final class AugmentFns {
    private AugmentFns() {
    }

    /** Translation with zero fill is linear; its adjoint is the translation by the negated shifts. */
    static Var translate(Var x, int[] shiftH, int[] shiftW) {
        int[] backH = negated(shiftH);
        int[] backW = negated(shiftW);
        return Var.op("translate", NnOps.translate(x.value(), shiftH, shiftW),
                (dy, needs) -> new Tensor[] {NnOps.translate(dy, backH, backW)}, x);
    }

    private static int[] negated(int[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] == Integer.MIN_VALUE ? Integer.MAX_VALUE : -v[i];
        }
        return out;
    }

    /**
     * Zeroes, in sample n of x [N, C, H, W], rows {@code top[n] .. top[n] + height - 1} times columns
     * {@code left[n] .. left[n] + width - 1}, clipped to the image, in every channel: a multiply by a 0/1
     * mask [N, 1, H, W], whose gradient is the same mask.
     */
    static Var cutout(Var x, int[] top, int[] left, int height, int width) {
        int[] s = x.shape();
        if (s.length != 4 || top.length != s[0] || left.length != s[0] || height < 0 || width < 0) {
            throw new IllegalArgumentException("cutout: input " + Shapes.str(s) + " with " + top.length + " tops, "
                    + left.length + " lefts and a " + height + "x" + width + " rectangle (expected [N, C, H, W], N of each,"
                    + " sizes >= 0)");
        }
        int n = s[0];
        int h = s[2];
        int w = s[3];
        float[] mask = new float[n * h * w];
        Arrays.fill(mask, 1f);
        for (int b = 0; b < n; b++) {
            int r0 = Math.clamp((long) top[b], 0, h);
            int r1 = Math.clamp((long) top[b] + height, 0, h);
            int c0 = Math.clamp((long) left[b], 0, w);
            int c1 = Math.clamp((long) left[b] + width, 0, w);
            for (int i = r0; i < r1; i++) {
                Arrays.fill(mask, (b * h + i) * w + c0, (b * h + i) * w + c1, 0f);
            }
        }
        Tensor m = Tensor.of(x.value().backend(), mask, n, 1, h, w);
        return Var.op("cutout", Ops.mul(x.value(), m), (dy, needs) -> new Tensor[] {Ops.mul(dy, m)}, x);
    }
}
