package pagoda.data;

import pagoda.tensor.random.Philox;

/**
 * An endless stream of indices 0 .. n-1 in epochs, each epoch a fresh random permutation, with a random
 * horizontal-flip bit per draw: the order in which training visits a data set. Everything is a function of
 * (seed, position), the whole {@link State}: epoch e's permutation is a Fisher-Yates shuffle whose swaps
 * draw Philox words from counter block {@code (e << 32) + k / 4}, word {@code k % 4}, under the key
 * {@code seed}; the flip bit of draw p is the top bit of word {@code p % 4} of block {@code p / 4} under the
 * key {@code ~seed}. A checkpoint stores the state; {@link #resume} continues with exactly the draws an
 * uninterrupted run would have made.
 *
 * <p>Swap k of the shuffle picks {@code j = floor(u (k + 1) / 2^32)} from a 32-bit word u; the bias of this
 * multiply-shift is below (k + 1) / 2^32, negligible for any data set that fits in memory.
 */
public final class ShuffleStream {
    private final int n;
    private final long seed;
    private long position;
    private long permutationEpoch = -1;
    private int[] permutation;

    /** What a checkpoint stores: the seed and how many indices have been drawn. */
    public record State(long seed, long position) {
        public State {
            if (position < 0) {
                throw new IllegalArgumentException("shuffle position must be >= 0, got " + position);
            }
        }
    }

    /** A batch of draws: the position of its first draw, the indices and whether to mirror each image. */
    public record Batch(long position, int[] indices, boolean[] flips) {
    }

    public ShuffleStream(int n, long seed) {
        this(n, new State(seed, 0));
    }

    private ShuffleStream(int n, State state) {
        if (n < 1) {
            throw new IllegalArgumentException("shuffle: the data set must hold at least one item, got " + n);
        }
        this.n = n;
        this.seed = state.seed();
        this.position = state.position();
    }

    /** The stream of {@code n} items continued from a checkpointed state. */
    public static ShuffleStream resume(int n, State state) {
        return new ShuffleStream(n, state);
    }

    public State state() {
        return new State(seed, position);
    }

    public int size() {
        return n;
    }

    /** The epoch of the next draw. */
    public long epoch() {
        return position / n;
    }

    /** The next index. */
    public int next() {
        long epoch = position / n;
        int k = (int) (position % n);
        position++;
        return permutation(epoch)[k];
    }

    /** The next {@code size} draws; a batch runs on into the next epoch when the current one ends. */
    public Batch next(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        }
        long start = position;
        int[] indices = new int[size];
        boolean[] flips = new boolean[size];
        for (int i = 0; i < size; i++) {
            flips[i] = flip(seed, position);
            indices[i] = next();
        }
        return new Batch(start, indices, flips);
    }

    /** The flip bit of draw {@code position} of the stream {@code seed}. */
    static boolean flip(long seed, long position) {
        int[] w = new int[4];
        Philox.block(~seed, position >>> 2, w);
        return w[(int) (position & 3)] < 0;
    }

    /** Epoch {@code epoch}'s permutation of 0 .. n-1 (the last one is kept, since draws stay in one epoch for n steps). */
    int[] permutation(long epoch) {
        if (epoch != permutationEpoch) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            int[] w = new int[4];
            long base = epoch << 32;
            for (int k = n - 1; k >= 1; k--) {
                int draw = n - 1 - k;
                if ((draw & 3) == 0) {
                    Philox.block(seed, base + (draw >>> 2), w);
                }
                int j = (int) (((w[draw & 3] & 0xFFFFFFFFL) * (k + 1)) >>> 32);
                int t = p[k];
                p[k] = p[j];
                p[j] = t;
            }
            permutation = p;
            permutationEpoch = epoch;
        }
        return permutation;
    }
}
