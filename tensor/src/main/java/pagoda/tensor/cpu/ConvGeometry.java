package pagoda.tensor.cpu;

import pagoda.tensor.Conv2dSpec;

/** The index arithmetic of one convolution, x [N, C, H, W] * w [K, C, R, S] -> y [N, K, P, Q], shared by its passes. */
record ConvGeometry(int n, int c, int h, int w, int k, int r, int s, int p, int q,
                    int strideH, int strideW, int padH, int padW) {

    static ConvGeometry of(int[] x, int[] weight, Conv2dSpec spec) {
        return new ConvGeometry(x[0], x[1], x[2], x[3], weight[0], weight[2], weight[3],
                spec.outH(x[2], weight[2]), spec.outW(x[3], weight[3]),
                spec.strideH(), spec.strideW(), spec.padH(), spec.padW());
    }

    /** Depth of the convolution's GEMM: one input channel times one kernel tap. */
    int crs() {
        return c * r * s;
    }

    int pq() {
        return p * q;
    }

    int hw() {
        return h * w;
    }
}
