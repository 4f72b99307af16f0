package pagoda.autograd;

import pagoda.tensor.Ops;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/**
 * Spectral normalisation of a weight (Miyato, Kataoka, Koyama and Yoshida, "Spectral Normalization for
 * Generative Adversarial Networks", ICLR 2018, Algorithm 1), as {@code torch.nn.utils.spectral_norm}
 * with one power iteration: the weight W, viewed as the matrix [out, rest] (dimension 0 first), is kept
 * as the parameter {@code <name>_orig} with the buffers {@code <name>_u} [out] and {@code <name>_v}
 * [rest], and each forward pass uses {@code W / sigma} with {@code sigma = u^T W v}.
 *
 * <p>In training mode every call of {@link #weight()} first runs one step of the power iteration
 * without gradient, {@code v = normalize(W^T u)}, {@code u = normalize(W v)} ({@code normalize(a) =
 * a / max(|a|, 1e-12)}), and stores u and v; in evaluation mode the stored vectors are used unchanged.
 * As in torch, u and v enter sigma as constants, so the gradient reaches W through both the numerator
 * and {@code sigma = u^T W v} (whose gradient with respect to W is {@code u v^T}).
 */
public final class SpectralNorm {
    /** torch's {@code eps} of {@code normalize}: guards a zero vector. */
    public static final float EPS = 1e-12f;

    private final Module owner;
    private final String uName;
    private final String vName;
    private final Parameter original;

    private SpectralNorm(Module owner, String name, Parameter original) {
        this.owner = owner;
        this.uName = name + "_u";
        this.vName = name + "_v";
        this.original = original;
    }

    /**
     * Registers {@code <name>_orig} (the weight, rank >= 2), then the buffers {@code <name>_u} and
     * {@code <name>_v} on {@code owner}, starting the power iteration from the normalised {@code u0} [out]
     * and {@code v0} [rest] (torch draws both from N(0, 1)).
     */
    public static SpectralNorm register(Module owner, String name, Tensor weight, Tensor u0, Tensor v0) {
        int[] s = weight.shape();
        if (s.length < 2) {
            throw new IllegalArgumentException("SpectralNorm: weight '" + name + "' " + Shapes.str(s) + " must have rank >= 2");
        }
        int rows = s[0];
        int cols = (int) (weight.numel() / rows);
        if (u0.rank() != 1 || u0.size(0) != rows || v0.rank() != 1 || v0.size(0) != cols) {
            throw new IllegalArgumentException("SpectralNorm: for weight '" + name + "' " + Shapes.str(s) + " u and v must be ["
                    + rows + "] and [" + cols + "], got " + Shapes.str(u0.shape()) + " and " + Shapes.str(v0.shape()));
        }
        Parameter original = owner.registerParameter(name + "_orig", weight);
        owner.registerBuffer(name + "_u", normalize(u0));
        owner.registerBuffer(name + "_v", normalize(v0));
        return new SpectralNorm(owner, name, original);
    }

    /** The unnormalised weight, {@code <name>_orig}. */
    public Parameter original() {
        return original;
    }

    /**
     * {@code W / sigma}, after one power-iteration step when the owner is training: call it once per
     * forward pass, as torch's pre-forward hook does.
     */
    public Var weight() {
        Tensor w = original.value();
        int rows = w.size(0);
        Tensor matrix = w.reshape(rows, -1);
        if (owner.isTraining()) {
            Tensor v = normalize(Ops.matmul(matrix.transpose(0, 1), column(owner.buffer(uName))).reshape(-1));
            Tensor u = normalize(Ops.matmul(matrix, column(v)).reshape(-1));
            owner.setBuffer(vName, v);
            owner.setBuffer(uName, u);
        }
        Var u = Var.constant(column(owner.buffer(uName)));
        Var v = Var.constant(column(owner.buffer(vName)));
        Var wv = Fn.matmul(Fn.reshape(original, rows, -1), v);
        Var sigma = Fn.sum(Fn.mul(u, wv));
        return Fn.div(original, sigma);
    }

    /** {@code u^T W v} with the stored vectors: the current estimate of the largest singular value. */
    public float sigma() {
        Tensor w = original.value();
        Tensor wv = Ops.matmul(w.reshape(w.size(0), -1), column(owner.buffer(vName)));
        return Ops.sum(Ops.mul(column(owner.buffer(uName)), wv)).item();
    }

    private static Tensor column(Tensor t) {
        return t.reshape(-1, 1);
    }

    /** {@code a / max(|a|, EPS)}, as {@code torch.nn.functional.normalize}. */
    static Tensor normalize(Tensor a) {
        Tensor norm = Ops.sqrt(Ops.sum(Ops.square(a)));
        return Ops.div(a, Ops.maximum(norm, Tensor.scalar(a.backend(), EPS)));
    }
}
