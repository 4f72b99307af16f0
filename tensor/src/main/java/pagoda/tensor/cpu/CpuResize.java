package pagoda.tensor.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.ResizeTaps;
import pagoda.tensor.Tensor;

/**
 * Separable resizing with PIL's {@code Image.resize} semantics ({@link ResizeFilter}) and its exact
 * adjoint. Each (n, c) plane is resampled along H as rows of W (a vector fma over the contiguous row per
 * tap) and along W by transposing, resampling rows and transposing back, so both passes run the same
 * contiguous kernel. The pass order that transposes less is taken (a function of the four sizes only),
 * an axis whose size does not change is skipped (its taps are the identity), and the adjoint runs the
 * transposed steps in reverse: {@code dx = Rv^T T Rh^T T dy} for {@code y = T Rh T Rv x}. Tasks are fixed
 * groups of whole planes.
 */
final class CpuResize {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int LANES = Simd.LANES;
    /** Elements a task aims at. */
    private static final int TASK = 1 << 15;
    /** Tile edge of the plane transposes. */
    private static final int TILE = 32;

    private CpuResize() {
    }

    static void resize(WorkPool pool, Tensor x, ResizeFilter filter, boolean antialias, Tensor out) {
        run(pool, x, out, filter, antialias, false);
    }

    static void resizeBackward(WorkPool pool, Tensor dy, ResizeFilter filter, boolean antialias, Tensor dx) {
        run(pool, dy, dx, filter, antialias, true);
    }

    private static void run(WorkPool pool, Tensor src, Tensor dst, ResizeFilter filter, boolean antialias, boolean adjoint) {
        Tensor image = adjoint ? dst : src;
        Tensor resized = adjoint ? src : dst;
        int h = image.size(2);
        int w = image.size(3);
        int oh = resized.size(2);
        int ow = resized.size(3);
        Taps th = h == oh ? null : Taps.of(filter, antialias, h, oh);
        Taps tw = w == ow ? null : Taps.of(filter, antialias, w, ow);
        boolean verticalFirst = (long) oh * w + (long) ow * oh <= (long) h * w + (long) ow * h;
        float[] sd = CpuBackend.data(src);
        float[] dd = CpuBackend.data(dst);
        int so = (int) src.offset();
        int doff = (int) dst.offset();
        int sPlane = src.size(2) * src.size(3);
        int dPlane = dst.size(2) * dst.size(3);
        int planes = src.size(0) * src.size(1);
        int scratch = Math.max(Math.max(h, oh) * Math.max(w, ow), 1);
        int perTask = Math.max(1, TASK / Math.max(sPlane, dPlane));
        pool.run((planes + perTask - 1) / perTask, t -> {
            float[] a = new float[scratch];
            float[] b = new float[scratch];
            int p1 = Math.min(planes, (t + 1) * perTask);
            for (int p = t * perTask; p < p1; p++) {
                Plane plane = new Plane(sd, so + p * sPlane, dd, doff + p * dPlane, a, b);
                if (adjoint) {
                    plane.adjoint(h, w, oh, ow, th, tw, verticalFirst);
                } else {
                    plane.forward(h, w, oh, ow, th, tw, verticalFirst);
                }
            }
        });
    }

    /**
     * One plane's pipeline. Steps read from {@code cur} and write to a free buffer; the last step writes
     * the destination plane.
     */
    private static final class Plane {
        private final float[] dst;
        private final int dstOff;
        private final float[] a;
        private final float[] b;
        private float[] cur;
        private int curOff;

        Plane(float[] src, int srcOff, float[] dst, int dstOff, float[] a, float[] b) {
            this.dst = dst;
            this.dstOff = dstOff;
            this.a = a;
            this.b = b;
            this.cur = src;
            this.curOff = srcOff;
        }

        /** The next step's output: the destination when it is the last step, else the buffer not in use. */
        private float[] next(boolean last) {
            return last ? dst : cur == a ? b : a;
        }

        private void done(float[] out) {
            cur = out;
            curOff = out == dst ? dstOff : 0;
        }

        private int nextOff(float[] out) {
            return out == dst ? dstOff : 0;
        }

        void forward(int h, int w, int oh, int ow, Taps th, Taps tw, boolean verticalFirst) {
            int steps = (th == null ? 0 : 1) + (tw == null ? 0 : 3);
            if (steps == 0) {
                System.arraycopy(cur, curOff, dst, dstOff, h * w);
                return;
            }
            int rows = h;
            if (th != null && verticalFirst) {
                rows = oh;
                float[] o = next(--steps == 0);
                resampleRows(cur, curOff, w, o, nextOff(o), th);
                done(o);
            }
            if (tw != null) {
                float[] o = next(false);
                transpose(cur, curOff, rows, w, o, 0);
                done(o);
                o = next(false);
                resampleRows(cur, curOff, rows, o, 0, tw);
                done(o);
                steps -= 3;
                o = next(steps == 0);
                transpose(cur, curOff, ow, rows, o, nextOff(o));
                done(o);
            }
            if (th != null && !verticalFirst) {
                float[] o = next(true);
                resampleRows(cur, curOff, ow, o, nextOff(o), th);
                done(o);
            }
        }

        void adjoint(int h, int w, int oh, int ow, Taps th, Taps tw, boolean verticalFirst) {
            int steps = (th == null ? 0 : 1) + (tw == null ? 0 : 3);
            if (steps == 0) {
                System.arraycopy(cur, curOff, dst, dstOff, h * w);
                return;
            }
            int rows = oh;
            if (th != null && !verticalFirst) {
                rows = h;
                float[] o = next(--steps == 0);
                resampleRowsAdjoint(cur, curOff, ow, o, nextOff(o), th, h);
                done(o);
            }
            if (tw != null) {
                float[] o = next(false);
                transpose(cur, curOff, rows, ow, o, 0);
                done(o);
                o = next(false);
                resampleRowsAdjoint(cur, curOff, rows, o, 0, tw, w);
                done(o);
                steps -= 3;
                o = next(steps == 0);
                transpose(cur, curOff, w, rows, o, nextOff(o));
                done(o);
            }
            if (th != null && verticalFirst) {
                float[] o = next(true);
                resampleRowsAdjoint(cur, curOff, w, o, nextOff(o), th, h);
                done(o);
            }
        }
    }

    /** out[i, :] = sum_t weight[i, t] in[start_i + t, :] over rows of {@code cols} contiguous elements. */
    private static void resampleRows(float[] in, int io, int cols, float[] out, int oo, Taps taps) {
        for (int i = 0; i < taps.start.length; i++) {
            int first = io + taps.start[i] * cols;
            int count = taps.count[i];
            int wb = i * taps.max;
            int o = oo + i * cols;
            int c = 0;
            for (int bound = F.loopBound(cols); c < bound; c += LANES) {
                FloatVector acc = FloatVector.zero(F);
                for (int t = 0; t < count; t++) {
                    acc = FloatVector.broadcast(F, taps.weight[wb + t]).fma(FloatVector.fromArray(F, in, first + t * cols + c), acc);
                }
                acc.intoArray(out, o + c);
            }
            if (c < cols) {
                VectorMask<Float> m = F.indexInRange(c, cols);
                FloatVector acc = FloatVector.zero(F);
                for (int t = 0; t < count; t++) {
                    acc = FloatVector.broadcast(F, taps.weight[wb + t]).fma(FloatVector.fromArray(F, in, first + t * cols + c, m), acc);
                }
                acc.intoArray(out, o + c, m);
            }
        }
    }

    /** The adjoint of {@link #resampleRows}: out[start_i + t, :] += weight[i, t] in[i, :], i and t ascending. */
    private static void resampleRowsAdjoint(float[] in, int io, int cols, float[] out, int oo, Taps taps, int outRows) {
        Arrays.fill(out, oo, oo + outRows * cols, 0f);
        for (int i = 0; i < taps.start.length; i++) {
            int src = io + i * cols;
            for (int t = 0; t < taps.count[i]; t++) {
                FloatVector wv = FloatVector.broadcast(F, taps.weight[i * taps.max + t]);
                int o = oo + (taps.start[i] + t) * cols;
                int c = 0;
                for (int bound = F.loopBound(cols); c < bound; c += LANES) {
                    FloatVector.fromArray(F, in, src + c).fma(wv, FloatVector.fromArray(F, out, o + c)).intoArray(out, o + c);
                }
                if (c < cols) {
                    VectorMask<Float> m = F.indexInRange(c, cols);
                    FloatVector.fromArray(F, in, src + c, m).fma(wv, FloatVector.fromArray(F, out, o + c, m)).intoArray(out, o + c, m);
                }
            }
        }
    }

    /** out [cols, rows] = in [rows, cols]^T, in TILE x TILE tiles. */
    private static void transpose(float[] in, int io, int rows, int cols, float[] out, int oo) {
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(rows, r0 + TILE);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int c1 = Math.min(cols, c0 + TILE);
                for (int c = c0; c < c1; c++) {
                    for (int r = r0; r < r1; r++) {
                        out[oo + c * rows + r] = in[io + r * cols + c];
                    }
                }
            }
        }
    }

    /**
     * The taps of one axis ({@link ResizeTaps}, the one definition of the formula) flattened into
     * arrays with the weights rounded once to float, as the vector loops read them.
     */
    private record Taps(int[] start, int[] count, float[] weight, int max) {
        static Taps of(ResizeFilter filter, boolean antialias, int in, int out) {
            ResizeTaps taps = ResizeTaps.of(in, out, filter, antialias);
            int max = taps.maxSize();
            int[] start = new int[out];
            int[] count = new int[out];
            float[] weight = new float[out * max];
            for (int i = 0; i < out; i++) {
                start[i] = taps.start(i);
                count[i] = taps.size(i);
                for (int t = 0; t < count[i]; t++) {
                    weight[i * max + t] = (float) taps.weight(i, t);
                }
            }
            return new Taps(start, count, weight, max);
        }
    }
}
