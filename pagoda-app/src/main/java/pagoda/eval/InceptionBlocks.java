package pagoda.eval;

import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * The mixed blocks of Inception-v3 (Szegedy et al. 2016, "Rethinking the Inception architecture",
 * figs. 5-7 and table 1) in torchvision's layout and key names, with pytorch-fid's changes for the FID
 * weights: average pools exclude padding from the count, and the last block (Mixed_7c) max-pools its
 * pool branch. Each block concatenates its branches along channels.
 */
final class InceptionBlocks {
    private InceptionBlocks() {
    }

    interface Block {
        Tensor forward(Tensor x);
    }

    /** InceptionA (35 x 35): 1x1, 5x5, double 3x3 and pool branches; out 224 + poolFeatures channels. */
    static Block a(StateDict s, String p, int in, int poolFeatures, Backend b) {
        BasicConv b1 = BasicConv.load(s, p + ".branch1x1", in, 64, 1, 1, 0, b);
        BasicConv b5a = BasicConv.load(s, p + ".branch5x5_1", in, 48, 1, 1, 0, b);
        BasicConv b5b = BasicConv.load(s, p + ".branch5x5_2", 48, 64, 5, 1, 2, b);
        BasicConv d1 = BasicConv.load(s, p + ".branch3x3dbl_1", in, 64, 1, 1, 0, b);
        BasicConv d2 = BasicConv.load(s, p + ".branch3x3dbl_2", 64, 96, 3, 1, 1, b);
        BasicConv d3 = BasicConv.load(s, p + ".branch3x3dbl_3", 96, 96, 3, 1, 1, b);
        BasicConv pool = BasicConv.load(s, p + ".branch_pool", in, poolFeatures, 1, 1, 0, b);
        return x -> Ops.cat(1, b1.forward(x), b5b.forward(b5a.forward(x)), d3.forward(d2.forward(d1.forward(x))),
                pool.forward(Pooling.averageExcludingPadding(x, 3, 1, 1)));
    }

    /** InceptionB (35 -> 17): strided 3x3, double 3x3 and max-pool branches; out 480 + in channels. */
    static Block b(StateDict s, String p, int in, Backend b) {
        BasicConv b3 = BasicConv.load(s, p + ".branch3x3", in, 384, 3, 2, 0, b);
        BasicConv d1 = BasicConv.load(s, p + ".branch3x3dbl_1", in, 64, 1, 1, 0, b);
        BasicConv d2 = BasicConv.load(s, p + ".branch3x3dbl_2", 64, 96, 3, 1, 1, b);
        BasicConv d3 = BasicConv.load(s, p + ".branch3x3dbl_3", 96, 96, 3, 2, 0, b);
        return x -> Ops.cat(1, b3.forward(x), d3.forward(d2.forward(d1.forward(x))), Pooling.max(x, 3, 2, 0));
    }

    /** InceptionC (17 x 17): 1x1, factorised 7x7, double factorised 7x7 and pool branches; out 768. */
    static Block c(StateDict s, String p, int in, int c7, Backend b) {
        BasicConv b1 = BasicConv.load(s, p + ".branch1x1", in, 192, 1, 1, 0, b);
        BasicConv s1 = BasicConv.load(s, p + ".branch7x7_1", in, c7, 1, 1, 0, b);
        BasicConv s2 = BasicConv.load(s, p + ".branch7x7_2", c7, c7, 1, 7, 1, 0, 3, b);
        BasicConv s3 = BasicConv.load(s, p + ".branch7x7_3", c7, 192, 7, 1, 1, 3, 0, b);
        BasicConv d1 = BasicConv.load(s, p + ".branch7x7dbl_1", in, c7, 1, 1, 0, b);
        BasicConv d2 = BasicConv.load(s, p + ".branch7x7dbl_2", c7, c7, 7, 1, 1, 3, 0, b);
        BasicConv d3 = BasicConv.load(s, p + ".branch7x7dbl_3", c7, c7, 1, 7, 1, 0, 3, b);
        BasicConv d4 = BasicConv.load(s, p + ".branch7x7dbl_4", c7, c7, 7, 1, 1, 3, 0, b);
        BasicConv d5 = BasicConv.load(s, p + ".branch7x7dbl_5", c7, 192, 1, 7, 1, 0, 3, b);
        BasicConv pool = BasicConv.load(s, p + ".branch_pool", in, 192, 1, 1, 0, b);
        return x -> Ops.cat(1, b1.forward(x), s3.forward(s2.forward(s1.forward(x))),
                d5.forward(d4.forward(d3.forward(d2.forward(d1.forward(x))))),
                pool.forward(Pooling.averageExcludingPadding(x, 3, 1, 1)));
    }

    /** InceptionD (17 -> 8): 3x3 and factorised 7x7 + 3x3 branches, both strided, and max pool; out 512 + in. */
    static Block d(StateDict s, String p, int in, Backend b) {
        BasicConv t1 = BasicConv.load(s, p + ".branch3x3_1", in, 192, 1, 1, 0, b);
        BasicConv t2 = BasicConv.load(s, p + ".branch3x3_2", 192, 320, 3, 2, 0, b);
        BasicConv u1 = BasicConv.load(s, p + ".branch7x7x3_1", in, 192, 1, 1, 0, b);
        BasicConv u2 = BasicConv.load(s, p + ".branch7x7x3_2", 192, 192, 1, 7, 1, 0, 3, b);
        BasicConv u3 = BasicConv.load(s, p + ".branch7x7x3_3", 192, 192, 7, 1, 1, 3, 0, b);
        BasicConv u4 = BasicConv.load(s, p + ".branch7x7x3_4", 192, 192, 3, 2, 0, b);
        return x -> Ops.cat(1, t2.forward(t1.forward(x)), u4.forward(u3.forward(u2.forward(u1.forward(x)))),
                Pooling.max(x, 3, 2, 0));
    }

    /**
     * InceptionE (8 x 8): 1x1, 3x3 split into parallel 1x3 and 3x1, double 3x3 split likewise, and
     * pool branches; out 2048. {@code maxPool} selects pytorch-fid's max-pooled pool branch (Mixed_7c).
     */
    static Block e(StateDict s, String p, int in, boolean maxPool, Backend b) {
        BasicConv b1 = BasicConv.load(s, p + ".branch1x1", in, 320, 1, 1, 0, b);
        BasicConv t1 = BasicConv.load(s, p + ".branch3x3_1", in, 384, 1, 1, 0, b);
        BasicConv t2a = BasicConv.load(s, p + ".branch3x3_2a", 384, 384, 1, 3, 1, 0, 1, b);
        BasicConv t2b = BasicConv.load(s, p + ".branch3x3_2b", 384, 384, 3, 1, 1, 1, 0, b);
        BasicConv d1 = BasicConv.load(s, p + ".branch3x3dbl_1", in, 448, 1, 1, 0, b);
        BasicConv d2 = BasicConv.load(s, p + ".branch3x3dbl_2", 448, 384, 3, 1, 1, b);
        BasicConv d3a = BasicConv.load(s, p + ".branch3x3dbl_3a", 384, 384, 1, 3, 1, 0, 1, b);
        BasicConv d3b = BasicConv.load(s, p + ".branch3x3dbl_3b", 384, 384, 3, 1, 1, 1, 0, b);
        BasicConv pool = BasicConv.load(s, p + ".branch_pool", in, 192, 1, 1, 0, b);
        return x -> {
            Tensor t = t1.forward(x);
            Tensor d = d2.forward(d1.forward(x));
            Tensor pooled = maxPool ? Pooling.max(x, 3, 1, 1) : Pooling.averageExcludingPadding(x, 3, 1, 1);
            return Ops.cat(1, b1.forward(x), t2a.forward(t), t2b.forward(t), d3a.forward(d), d3b.forward(d),
                    pool.forward(pooled));
        };
    }
}
