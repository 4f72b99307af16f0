package pagoda.tensor.cpu;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;

/**
 * An input batch [N, C, H, W] copied into zero-padded planes [N, C, H + 2 padH, W + 2 padW], so
 * that the patch packers read every tap without bounds tests and, at stride 1, copy each run of an
 * output row as whole vectors. The copy costs one pass over the input per convolution; each element it
 * writes is then read R x S times by the packers.
 */
final class PaddedImage {
    final float[] data;
    final int off;
    final int hp;
    final int wp;

    private PaddedImage(float[] data, int off, int hp, int wp) {
        this.data = data;
        this.off = off;
        this.hp = hp;
        this.wp = wp;
    }

    /**
     * The padded copy of x, or x itself when there is no padding. The copy lives in a buffer owned by
     * the calling thread and reused by its next convolution (a fresh multi-megabyte array per call cost
     * more than the copy), so it is valid until this thread pads again.
     */
    static PaddedImage of(WorkPool pool, float[] x, int xOff, int planes, int h, int w, int padH, int padW) {
        if (padH == 0 && padW == 0) {
            return new PaddedImage(x, xOff, h, w);
        }
        int hp = h + 2 * padH;
        int wp = w + 2 * padW;
        float[] out = BUFFER.get().take(Math.multiplyExact(planes, hp * wp));
        final int lanes = Simd.LANES;
        int vecEnd = w - w % lanes;
        pool.run(planes, plane -> {
            int src = xOff + plane * h * w;
            int base = plane * hp * wp;
            Arrays.fill(out, base, base + padH * wp + padW, 0f);
            for (int y = 0; y < h; y++) {
                int s = src + y * w;
                int d = base + (y + padH) * wp + padW;
                int i = 0;
                for (; i < vecEnd; i += lanes) {
                    FloatVector.fromArray(Simd.F, x, s + i).intoArray(out, d + i);
                }
                for (; i < w; i++) {
                    out[d + i] = x[s + i];
                }
                int gapEnd = y + 1 < h ? d + wp : base + hp * wp;
                Arrays.fill(out, d + w, gapEnd, 0f);
            }
        });
        return new PaddedImage(out, 0, hp, wp);
    }

    private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(Buffer::new);

    private static final class Buffer {
        float[] data = new float[0];

        float[] take(int n) {
            if (data.length < n) {
                data = new float[n];
            }
            return data;
        }
    }

    int plane() {
        return hp * wp;
    }
}
