package pagoda.tensor.ref;

import pagoda.tensor.ResizeFilter;
import pagoda.tensor.ResizeTaps;
import pagoda.tensor.Tensor;

/**
 * PIL-style resize of x [N, C, H, W] and its adjoint, from the taps of {@link ResizeTaps}. The kernel is
 * separable, so output pixel (i, j) is the double sum {@code sum_{u,v} wy(i,u) wx(j,v) x[ys(i)+u, xs(j)+v]};
 * evaluated directly in double it equals PIL's rows-then-columns passes up to rounding. The backward
 * scatters each output gradient with the same weights, so it is the exact transpose.
 */
final class RefResize {
    private RefResize() {
    }

    static void resize(Tensor x, ResizeFilter filter, boolean antialias, Tensor out) {
        int planes = x.size(0) * x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        ResizeTaps ty = ResizeTaps.of(h, out.size(2), filter, antialias);
        ResizeTaps tx = ResizeTaps.of(w, out.size(3), filter, antialias);
        int oh = ty.outSize();
        int ow = tx.outSize();
        double[] xv = RefStorage.read(x);
        double[] ov = new double[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double s = 0.0;
                    for (int u = 0; u < ty.size(i); u++) {
                        for (int v = 0; v < tx.size(j); v++) {
                            s += ty.weight(i, u) * tx.weight(j, v) * xv[(pl * h + ty.start(i) + u) * w + tx.start(j) + v];
                        }
                    }
                    ov[(pl * oh + i) * ow + j] = s;
                }
            }
        }
        RefStorage.write(out, ov);
    }

    static void resizeBackward(Tensor dy, ResizeFilter filter, boolean antialias, Tensor dx) {
        int planes = dx.size(0) * dx.size(1);
        int h = dx.size(2);
        int w = dx.size(3);
        ResizeTaps ty = ResizeTaps.of(h, dy.size(2), filter, antialias);
        ResizeTaps tx = ResizeTaps.of(w, dy.size(3), filter, antialias);
        int oh = ty.outSize();
        int ow = tx.outSize();
        double[] dyv = RefStorage.read(dy);
        double[] dxv = new double[planes * h * w];
        for (int pl = 0; pl < planes; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double d = dyv[(pl * oh + i) * ow + j];
                    for (int u = 0; u < ty.size(i); u++) {
                        for (int v = 0; v < tx.size(j); v++) {
                            dxv[(pl * h + ty.start(i) + u) * w + tx.start(j) + v] += ty.weight(i, u) * tx.weight(j, v) * d;
                        }
                    }
                }
            }
        }
        RefStorage.write(dx, dxv);
    }
}
