package pagoda.cuda.kernels;

import pagoda.tensor.Conv2dSpec;

/** The ConvGeometry struct of conv_geometry.cuh: x [N, C, H, W], w [K, C, R, S], y [N, K, P, Q], strides, paddings. */
record ConvGeometry(int n, int c, int h, int w, int k, int r, int s, int p, int q, Conv2dSpec spec) {

    static ConvGeometry of(int[] x, int[] weight, int[] y, Conv2dSpec spec) {
        return new ConvGeometry(x[0], x[1], x[2], x[3], weight[0], weight[2], weight[3], y[2], y[3], spec);
    }

    int[] struct() {
        return new int[] {n, c, h, w, k, r, s, p, q, spec.strideH(), spec.strideW(), spec.padH(), spec.padW()};
    }
}
