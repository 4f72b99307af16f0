package pagoda.tensor.cpu;

import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.Tensor;
import pagoda.tensor.UnaryOp;

/** Temporary naive convolution (correct, slow): replaced by implicit GEMM on {@link Sgemm}. */
final class CpuConv {
    private CpuConv() {
    }

    static void forward(WorkPool pool, Tensor x, Tensor w, Tensor bias, Conv2dSpec spec, UnaryOp act, float actP0, Tensor out) {
        if (act != null) {
            throw new UnsupportedOperationException("CpuConv: fused activation not implemented yet");
        }
        int[] xs = x.shape();
        int[] ws = w.shape();
        int[] os = out.shape();
        float[] xd = CpuBackend.data(x);
        float[] wd = CpuBackend.data(w);
        float[] od = CpuBackend.data(out);
        float[] bd = bias == null ? null : CpuBackend.data(bias);
        int xo = (int) x.offset();
        int wo = (int) w.offset();
        int bo = bias == null ? 0 : (int) bias.offset();
        for (int n = 0; n < xs[0]; n++) {
            for (int kk = 0; kk < ws[0]; kk++) {
                for (int p = 0; p < os[2]; p++) {
                    for (int q = 0; q < os[3]; q++) {
                        float s = bd == null ? 0 : bd[bo + kk];
                        for (int c = 0; c < xs[1]; c++) {
                            for (int r = 0; r < ws[2]; r++) {
                                int iy = p * spec.strideH() - spec.padH() + r;
                                if (iy < 0 || iy >= xs[2]) {
                                    continue;
                                }
                                for (int t = 0; t < ws[3]; t++) {
                                    int ix = q * spec.strideW() - spec.padW() + t;
                                    if (ix < 0 || ix >= xs[3]) {
                                        continue;
                                    }
                                    s += xd[xo + ((n * xs[1] + c) * xs[2] + iy) * xs[3] + ix]
                                            * wd[wo + ((kk * ws[1] + c) * ws[2] + r) * ws[3] + t];
                                }
                            }
                        }
                        od[((n * os[1] + kk) * os[2] + p) * os[3] + q] = s;
                    }
                }
            }
        }
    }

    static void backwardData(WorkPool pool, Tensor dy, Tensor w, Conv2dSpec spec, Tensor dx) {
        int[] ds = dy.shape();
        int[] ws = w.shape();
        int[] xs = dx.shape();
        float[] dd = CpuBackend.data(dy);
        float[] wd = CpuBackend.data(w);
        float[] xd = CpuBackend.data(dx);
        int dof = (int) dy.offset();
        int wo = (int) w.offset();
        for (int n = 0; n < ds[0]; n++) {
            for (int kk = 0; kk < ds[1]; kk++) {
                for (int p = 0; p < ds[2]; p++) {
                    for (int q = 0; q < ds[3]; q++) {
                        float g = dd[dof + ((n * ds[1] + kk) * ds[2] + p) * ds[3] + q];
                        for (int c = 0; c < ws[1]; c++) {
                            for (int r = 0; r < ws[2]; r++) {
                                int iy = p * spec.strideH() - spec.padH() + r;
                                if (iy < 0 || iy >= xs[2]) {
                                    continue;
                                }
                                for (int t = 0; t < ws[3]; t++) {
                                    int ix = q * spec.strideW() - spec.padW() + t;
                                    if (ix >= 0 && ix < xs[3]) {
                                        xd[((n * xs[1] + c) * xs[2] + iy) * xs[3] + ix] += g * wd[wo + ((kk * ws[1] + c) * ws[2] + r) * ws[3] + t];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static void backwardWeight(WorkPool pool, Tensor dy, Tensor x, Conv2dSpec spec, Tensor dw) {
        int[] ds = dy.shape();
        int[] xs = x.shape();
        int[] ws = dw.shape();
        float[] dd = CpuBackend.data(dy);
        float[] xd = CpuBackend.data(x);
        float[] wd = CpuBackend.data(dw);
        int dof = (int) dy.offset();
        int xo = (int) x.offset();
        for (int n = 0; n < ds[0]; n++) {
            for (int kk = 0; kk < ds[1]; kk++) {
                for (int p = 0; p < ds[2]; p++) {
                    for (int q = 0; q < ds[3]; q++) {
                        float g = dd[dof + ((n * ds[1] + kk) * ds[2] + p) * ds[3] + q];
                        for (int c = 0; c < ws[1]; c++) {
                            for (int r = 0; r < ws[2]; r++) {
                                int iy = p * spec.strideH() - spec.padH() + r;
                                if (iy < 0 || iy >= xs[2]) {
                                    continue;
                                }
                                for (int t = 0; t < ws[3]; t++) {
                                    int ix = q * spec.strideW() - spec.padW() + t;
                                    if (ix >= 0 && ix < xs[3]) {
                                        wd[((kk * ws[1] + c) * ws[2] + r) * ws[3] + t] += g * xd[xo + ((n * xs[1] + c) * xs[2] + iy) * xs[3] + ix];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
