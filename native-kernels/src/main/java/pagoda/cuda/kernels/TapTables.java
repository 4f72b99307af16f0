package pagoda.cuda.kernels;

import pagoda.tensor.ResizeTaps;

/**
 * The taps of one resize axis ({@link ResizeTaps}, in double) laid out for the kernels, weights rounded
 * once to float: forward tables (per output pixel its first input pixel, tap count and weights padded to
 * the widest window) for resize.cu, and the inverted, CSR-style tables (per input pixel the output pixels
 * that read it, with their weights) for resize_backward.cu.
 */
final class TapTables {
    private TapTables() {
    }

    /** start[out], count[out], weights[out * maxTaps + t]. */
    record Forward(int[] start, int[] count, float[] weights, int maxTaps) {
    }

    /** Input pixel i's entries are first[i] .. first[i + 1] - 1: output pixel output[e] with weight weight[e]. */
    record Inverse(int[] first, int[] output, float[] weight) {
    }

    static Forward forward(ResizeTaps taps) {
        int out = taps.outSize();
        int max = Math.max(1, taps.maxSize());
        int[] start = new int[out];
        int[] count = new int[out];
        float[] w = new float[out * max];
        for (int i = 0; i < out; i++) {
            start[i] = taps.start(i);
            count[i] = taps.size(i);
            for (int t = 0; t < taps.size(i); t++) {
                w[i * max + t] = (float) taps.weight(i, t);
            }
        }
        return new Forward(start, count, w, max);
    }

    static Inverse inverse(ResizeTaps taps) {
        int in = taps.inSize();
        int[] first = new int[in + 1];
        for (int i = 0; i < taps.outSize(); i++) {
            for (int t = 0; t < taps.size(i); t++) {
                first[taps.start(i) + t + 1]++;
            }
        }
        for (int p = 0; p < in; p++) {
            first[p + 1] += first[p];
        }
        int[] next = first.clone();
        int[] output = new int[first[in]];
        float[] weight = new float[first[in]];
        for (int i = 0; i < taps.outSize(); i++) {
            for (int t = 0; t < taps.size(i); t++) {
                int e = next[taps.start(i) + t]++;
                output[e] = i;
                weight[e] = (float) taps.weight(i, t);
            }
        }
        return new Inverse(first, output, weight);
    }

    /** Concatenation, so that one upload carries the tables of both axes. */
    static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] all = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
