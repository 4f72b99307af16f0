package pagoda.eval;

import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;
import pagoda.tensor.random.Philox;

/**
 * Procedural grey images with structure, for the sanity checks where no data set is installed. Two
 * classes, as distinct as a data set's modes: class 0 has two bright axis-aligned rectangles on a dark
 * background, class 1 two dark discs on a light one; centres, sizes and levels are random. Image i has
 * class i % 2 and takes its random numbers from Philox blocks (seed, 2i) and (seed, 2i + 1), so any
 * image can be made alone.
 */
final class SyntheticShapes {
    static final int SIDE = 28;

    private SyntheticShapes() {
    }

    /** Images [from, from + count) of class {@code kind}, or of both alternating when kind < 0. */
    static Tensor images(Backend backend, long seed, int from, int count, int kind) {
        float[] v = new float[count * SIDE * SIDE];
        int made = 0;
        for (int i = from; made < count; i++) {
            int cls = i % 2;
            if (kind >= 0 && cls != kind) {
                continue;
            }
            draw(v, made * SIDE * SIDE, seed, i, cls);
            made++;
        }
        return Tensor.of(backend, v, count, 1, SIDE, SIDE);
    }

    private static void draw(float[] v, int at, long seed, int index, int cls) {
        int[] w = new int[4];
        Philox.block(seed, 2L * index, w);
        int[] w2 = new int[4];
        Philox.block(seed, 2L * index + 1, w2);
        float background = -1f + 0.5f * Philox.uniformFromWord(w[0]);
        float sign = cls == 0 ? 1f : -1f;
        for (int p = 0; p < SIDE * SIDE; p++) {
            v[at + p] = background;
        }
        int[][] shapes = {{w[1], w[2], w[3]}, {w2[0], w2[1], w2[2]}};
        for (int[] s : shapes) {
            float cx = 5 + 18 * Philox.uniformFromWord(s[0]);
            float cy = 5 + 18 * Philox.uniformFromWord(s[1]);
            float u = Philox.uniformFromWord(s[2]);
            float radius = 2.5f + 5 * u;
            float level = 0.2f + 0.8f * Philox.uniformFromWord(s[2] * 0x9E3779B9);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    float dx = x + 0.5f - cx;
                    float dy = y + 0.5f - cy;
                    boolean inside = cls == 0 ? Math.abs(dx) <= radius && Math.abs(dy) <= 0.6f * radius
                            : dx * dx + dy * dy <= radius * radius;
                    if (inside) {
                        v[at + y * SIDE + x] = sign * level;
                    }
                }
            }
        }
    }
}
