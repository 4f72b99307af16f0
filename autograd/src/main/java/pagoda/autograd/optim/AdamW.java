package pagoda.autograd.optim;

import java.util.Map;
import pagoda.autograd.Parameter;

/**
 * AdamW (Loshchilov and Hutter 2019) as {@code torch.optim.AdamW}: Adam with decoupled weight decay,
 * {@code p = p (1 - lr weightDecay)} before the Adam step; defaults lr 1e-3, betas (0.9, 0.999),
 * eps 1e-8, weight decay 1e-2, amsgrad off.
 */
public final class AdamW extends Adam {
    public AdamW(Map<String, Parameter> parameters) {
        this(parameters, 1e-3);
    }

    public AdamW(Map<String, Parameter> parameters, double lr) {
        this(parameters, lr, 0.9, 0.999, 1e-8, 1e-2, false);
    }

    public AdamW(Map<String, Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean amsgrad) {
        super(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, true);
    }
}
