package pagoda.autograd.optim;

import java.util.List;
import java.util.Map;
import pagoda.autograd.Parameter;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1) as {@code torch.optim.Adam}: defaults lr 1e-3, betas
 * (0.9, 0.999), eps 1e-8, weight decay 0 (L2, added to the gradient), amsgrad off. Per step t:
 * <pre>
 *   m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2   (vMax = max(vMax, v) with amsgrad)
 *   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * {@link AdamW} decouples the weight decay instead.
 */
public class Adam extends Optimizer {
    private static final List<String> SLOTS = List.of("exp_avg", "exp_avg_sq");
    private static final List<String> SLOTS_AMSGRAD = List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq");

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean amsgrad;
    private final boolean decoupled;

    public Adam(Map<String, Parameter> parameters) {
        this(parameters, 1e-3);
    }

    public Adam(Map<String, Parameter> parameters, double lr) {
        this(parameters, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    public Adam(Map<String, Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean amsgrad) {
        this(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, false);
    }

    Adam(Map<String, Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay,
         boolean amsgrad, boolean decoupled) {
        super(parameters, lr);
        Moments.checkBetas(getClass().getSimpleName(), beta1, beta2, eps, weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
    }

    @Override
    protected List<String> slotNames() {
        return amsgrad ? SLOTS_AMSGRAD : SLOTS;
    }

    @Override
    protected void initState(ParamState state, Tensor value) {
        for (String slot : slotNames()) {
            state.setSlot(slot, Tensor.zeros(value.backend(), value.shape()));
        }
    }

    @Override
    protected void update(Parameter p, Tensor grad, ParamState state) {
        double lr = learningRate();
        Tensor value = p.value();
        if (decoupled && weightDecay != 0) {
            value = Moments.decayed(value, lr * weightDecay);
        }
        Tensor g = decoupled ? grad : Moments.withL2(grad, value, weightDecay);
        Tensor m = Moments.firstMoment(state.slot("exp_avg"), g, beta1);
        Tensor v = Moments.secondMoment(state.slot("exp_avg_sq"), g, beta2);
        state.setSlot("exp_avg", m);
        state.setSlot("exp_avg_sq", v);
        if (amsgrad) {
            v = Ops.maximum(state.slot("max_exp_avg_sq"), v);
            state.setSlot("max_exp_avg_sq", v);
        }
        long t = state.step();
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        Tensor denom = Ops.affine(Ops.sqrt(v), (float) (1 / biasCorrection2Sqrt), (float) eps);
        p.setValue(Ops.add(value, Ops.mul(Ops.div(m, denom), (float) (-lr / biasCorrection1))));
    }
}
