package pagoda.tensor.cpu;

/**
 * The B operand of the weight gradient with channel-major columns, read from the zero-padded input planes
 * ({@link PaddedImage}) with no copy: column j is (channel, tap) = (j / RS, j % RS). The convolution uses it
 * for 1 x 1 kernels, where a channels-last copy would cost more than the gathers it saves.
 */
final class PatchColumns extends PatchGather {
    private final PaddedImage x;
    private final ConvGeometry g;

    PatchColumns(PaddedImage x, ConvGeometry g) {
        super(x.data, g, g.c() * x.plane(), g.strideH() * x.wp, g.strideW());
        this.x = x;
        this.g = g;
    }

    @Override
    int column(int j) {
        int rs = g.r() * g.s();
        int ch = j / rs;
        int tap = j - ch * rs;
        int tr = tap / g.s();
        return x.off + ch * x.plane() + tr * x.wp + (tap - tr * g.s());
    }
}
