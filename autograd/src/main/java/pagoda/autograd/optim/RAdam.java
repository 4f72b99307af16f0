package pagoda.autograd.optim;

import java.util.List;
import java.util.Map;
import pagoda.autograd.Parameter;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/**
 * Rectified Adam (Liu et al. 2020, Algorithm 2) as {@code torch.optim.RAdam}: defaults lr 1e-3, betas
 * (0.9, 0.999), eps 1e-8, weight decay 0 (L2 in the gradient, or decoupled as AdamW). Per step t, with
 * {@code rhoInf = 2 / (1 - beta2) - 1} and {@code rhoT = rhoInf - 2 t beta2^t / (1 - beta2^t)}:
 * <pre>
 *   m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2;  mHat = m / (1 - beta1^t)
 *   rhoT > 5: p = p - lr mHat r sqrt(1 - beta2^t) / (sqrt(v) + eps),
 *             r = sqrt((rhoT - 4)(rhoT - 2) rhoInf / ((rhoInf - 4)(rhoInf - 2) rhoT))
 *   else:     p = p - lr mHat   (the variance is not yet tractable: an SGD step with momentum)
 * </pre>
 */
public final class RAdam extends Optimizer {
    private static final List<String> SLOTS = List.of("exp_avg", "exp_avg_sq");

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;

    public RAdam(Map<String, Parameter> parameters) {
        this(parameters, 1e-3);
    }

    public RAdam(Map<String, Parameter> parameters, double lr) {
        this(parameters, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    public RAdam(Map<String, Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean decoupledWeightDecay) {
        super(parameters, lr);
        Moments.checkBetas("RAdam", beta1, beta2, eps, weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupledWeightDecay;
    }

    @Override
    protected List<String> slotNames() {
        return SLOTS;
    }

    @Override
    protected void initState(ParamState state, Tensor value) {
        for (String slot : SLOTS) {
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
        long t = state.step();
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rhoInf - 2 * t * Math.pow(beta2, t) / biasCorrection2;
        Tensor delta;
        if (rhoT > 5) {
            double rect = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
            Tensor denom = Ops.add(Ops.sqrt(v), (float) eps);
            delta = Ops.mul(Ops.div(m, denom), (float) (-lr * rect * Math.sqrt(biasCorrection2) / biasCorrection1));
        } else {
            delta = Ops.mul(m, (float) (-lr / biasCorrection1));
        }
        p.setValue(Ops.add(value, delta));
    }
}
