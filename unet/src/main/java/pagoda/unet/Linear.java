package pagoda.unet;

import pagoda.autograd.Fn;
import pagoda.autograd.Module;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;

/** EDM's fully connected layer: {@code y = x W^T + b}, W [out, in], b [out] or none. */
public final class Linear extends Module {
    private final Parameter weight;
    private final Parameter bias;

    public Linear(WeightInit init, int in, int out, boolean bias, WeightInit.Spec spec) {
        this.weight = registerParameter("weight", init.draw(spec.mode(), spec.weight(), in, out, out, in));
        this.bias = bias ? registerParameter("bias", init.draw(spec.mode(), spec.bias(), in, out, out)) : null;
    }

    public int outFeatures() {
        return weight.shape()[0];
    }

    /** x [N, in] to [N, out]. */
    public Var forward(Var x) {
        return Fn.linear(x, weight, bias);
    }
}
