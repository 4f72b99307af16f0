package pagoda.tensor.cpu;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * An input batch [N, C, H, W] copied channels-last and zero-padded, [N, H + 2 padH, W + 2 padW, C], for
 * the weight gradient ({@link PixelPatches}): there the GEMM's B panels hold, for each output pixel, a run
 * of consecutive channels under one kernel tap, which this layout stores contiguously. The copy gathers
 * each element once (a vector of channels at one pixel per gather); packing straight from the planar
 * layout gathered every element once per tap, R x S times.
 */
final class ChannelsLastImage {
    final float[] data;
    final int hp;
    final int wp;
    final int c;

    private ChannelsLastImage(float[] data, int hp, int wp, int c) {
        this.data = data;
        this.hp = hp;
        this.wp = wp;
        this.c = c;
    }

    /**
     * The copy, in a buffer owned by the calling thread and reused by its next call, valid until then.
     * One task per (image, padded row).
     */
    static ChannelsLastImage of(WorkPool pool, float[] x, int xOff, ConvGeometry g) {
        final int hp = g.h() + 2 * g.padH();
        final int wp = g.w() + 2 * g.padW();
        final int c = g.c();
        final int h = g.h();
        final int w = g.w();
        final int hw = h * w;
        final int lanes = Simd.LANES;
        float[] out = BUFFER.get().take(Math.multiplyExact(Math.multiplyExact(g.n(), hp * wp), c));
        int[] channelStride = new int[lanes];
        // The last, partial block of channels: lanes past C point at channel 0, so even an implementation
        // that range-checks masked-off lanes stays inside x.
        int[] tailStride = new int[lanes];
        for (int i = 0; i < lanes; i++) {
            channelStride[i] = i * hw;
            tailStride[i] = i < c % lanes ? i * hw : 0;
        }
        pool.run(g.n() * hp, task -> {
            int n = task / hp;
            int yp = task - n * hp;
            int rowBase = (n * hp + yp) * wp * c;
            int y = yp - g.padH();
            if (y < 0 || y >= h) {
                Arrays.fill(out, rowBase, rowBase + wp * c, 0f);
                return;
            }
            Arrays.fill(out, rowBase, rowBase + g.padW() * c, 0f);
            Arrays.fill(out, rowBase + (g.padW() + w) * c, rowBase + wp * c, 0f);
            int image = xOff + n * c * hw + y * w;
            for (int c0 = 0; c0 < c; c0 += lanes) {
                int src = image + c0 * hw;
                int dst = rowBase + g.padW() * c + c0;
                if (c0 + lanes <= c) {
                    for (int xi = 0; xi < w; xi++) {
                        FloatVector.fromArray(Simd.F, x, src + xi, channelStride, 0).intoArray(out, dst + xi * c);
                    }
                } else {
                    VectorMask<Float> m = Simd.F.indexInRange(0, c - c0);
                    for (int xi = 0; xi < w; xi++) {
                        FloatVector.fromArray(Simd.F, x, src + xi, tailStride, 0, m).intoArray(out, dst + xi * c, m);
                    }
                }
            }
        });
        return new ChannelsLastImage(out, hp, wp, c);
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
}
