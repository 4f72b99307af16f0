package pagoda.tensor;

/**
 * Stride and zero padding of a 2-D cross-correlation (PyTorch's conv2d; dilation 1, one group).
 * Output size per axis: {@code floor((in + 2 * pad - kernel) / stride) + 1}, below 1 when the kernel does
 * not fit the padded input (floor, not Java's truncating division, which would round -1/2 up to 0).
 */
public record Conv2dSpec(int strideH, int strideW, int padH, int padW) {
    public Conv2dSpec {
        if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv2d: stride must be >= 1 and padding >= 0, got stride ("
                    + strideH + ", " + strideW + ") padding (" + padH + ", " + padW + ")");
        }
    }

    public static Conv2dSpec of(int stride, int pad) {
        return new Conv2dSpec(stride, stride, pad, pad);
    }

    public int outH(int inH, int kernelH) {
        return Math.floorDiv(inH + 2 * padH - kernelH, strideH) + 1;
    }

    public int outW(int inW, int kernelW) {
        return Math.floorDiv(inW + 2 * padW - kernelW, strideW) + 1;
    }
}
