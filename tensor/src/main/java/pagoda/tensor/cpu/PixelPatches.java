package pagoda.tensor.cpu;

/**
 * The B operand of the weight gradient with its columns in tap-major order, dW'[K, (tap, channel)], read
 * from a channels-last padded copy of the input ({@link ChannelsLastImage}): column j is (tap, channel) =
 * (j / C, j % C), so a vector of columns that share a tap and have consecutive channels is one contiguous
 * load per depth step; vectors that cross a tap boundary (fewer channels than lanes) gather.
 */
final class PixelPatches extends PatchGather {
    private final ChannelsLastImage x;
    private final ConvGeometry g;

    PixelPatches(ChannelsLastImage x, ConvGeometry g) {
        super(x.data, g, x.hp * x.wp * g.c(), g.strideH() * x.wp * g.c(), g.strideW() * g.c());
        this.x = x;
        this.g = g;
    }

    @Override
    int column(int j) {
        int c = g.c();
        int tap = j / c;
        int tr = tap / g.s();
        return (tr * x.wp + tap - tr * g.s()) * c + (j - tap * c);
    }
}
