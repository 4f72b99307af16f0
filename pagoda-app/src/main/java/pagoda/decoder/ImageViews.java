package pagoda.decoder;

import pagoda.autograd.Fn;
import pagoda.autograd.Var;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * What the feature network (of the perceptual distance and the discriminator) sees of images larger than the
 * side V it runs at: the whole image box-down-sampled to V (the global structure) and one V x V crop at full
 * resolution (the high-resolution detail), stacked on the batch axis [2N, C, V, V]. The teacher's down path is
 * fully convolutional and would run on the whole image, but its cost grows with the area (and its attention with
 * the square of the area), so at 128 x 128 it would cost 16 times a 32 x 32 view per image. The crop's place is
 * drawn per batch from a key, so both sides of the perceptual distance, and a resumed run, see the same window.
 * At V >= R (or V = 0) the images pass unchanged.
 */
final class ImageViews {
    private final int resolution;
    private final int view;

    /**
     * @throws IllegalArgumentException when V is neither 0, nor at least R, nor R divided by a power of two
     */
    ImageViews(int resolution, int view) {
        this.resolution = resolution;
        this.view = view <= 0 || view >= resolution ? resolution : view;
        if (Integer.bitCount(resolution / this.view) != 1 || resolution % this.view != 0) {
            throw new IllegalArgumentException("view: " + view + " does not divide the resolution " + resolution
                    + " by a power of two");
        }
    }

    boolean active() {
        return view < resolution;
    }

    /** The side the feature network sees. */
    int side() {
        return view;
    }

    /** [N, C, R, R] to [2N, C, V, V]: box-down-sampled images, then the crops at the key's window. */
    Var apply(Var x, long key) {
        if (!active()) {
            return x;
        }
        Var global = x;
        for (int side = resolution; side > view; side /= 2) {
            global = Fn.avgPool2x(global);
        }
        int range = resolution - view + 1;
        int top = (int) Math.floorMod(DecoderRandom.mix(key), (long) range);
        int left = (int) Math.floorMod(DecoderRandom.mix(key + 1), (long) range);
        Var local = Fn.slice(Fn.slice(x, 2, top, top + view), 3, left, left + view);
        return Fn.cat(0, global, local);
    }

    /** The labels of {@link #apply}'s output: each sample's twice; null stays null. */
    Tensor labels(Tensor labels) {
        return !active() || labels == null ? labels : Ops.cat(0, labels, labels);
    }
}
