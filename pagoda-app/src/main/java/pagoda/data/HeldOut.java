package pagoda.data;

import pagoda.tensor.random.Philox;

/**
 * The fixed held-out split of data sets that ship none (the emoji, image folders): an image is held out
 * for evaluation when the first Philox word of block {@code id} under the key {@link #KEY} is below
 * {@link #FRACTION} of 2^32. Membership depends on the image's id alone, not on the other images or their
 * order, so it is the same at every resolution, in every run, and does not move when images are added to
 * or removed from a folder. Fashion-MNIST keeps its own published split (the t10k files).
 */
public final class HeldOut {
    /** The fraction of images held out: one in ten. */
    public static final double FRACTION = 0.1;
    /** The Philox key of the split; changing it would change every data set's split, so it is part of the format. */
    static final long KEY = 0x68656C646F757431L;
    private static final long THRESHOLD = Math.round(FRACTION * 0x1p32);

    private HeldOut() {
    }

    /** Whether the image with this id is held out. */
    public static boolean isTest(long id) {
        int[] w = new int[4];
        Philox.block(KEY, id, w);
        return (w[0] & 0xFFFFFFFFL) < THRESHOLD;
    }
}
