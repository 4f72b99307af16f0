package pagoda.autograd.optim;

/**
 * The update rules of torch.optim's Adam, AdamW and RAdam written out in double on host arrays, one
 * element at a time, straight from the published algorithms; the oracle of {@link OptimizerFormulaTest}.
 */
final class ReferenceAdam {
    enum Kind { ADAM, ADAMW, RADAM, RADAM_DECOUPLED }

    final Kind kind;
    final double lr;
    final double beta1;
    final double beta2;
    final double eps;
    final double weightDecay;
    final boolean amsgrad;
    final double[] p;
    final double[] m;
    final double[] v;
    final double[] vMax;
    int t;

    ReferenceAdam(Kind kind, double[] p, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        this.kind = kind;
        this.p = p.clone();
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.m = new double[p.length];
        this.v = new double[p.length];
        this.vMax = new double[p.length];
    }

    /** The rho_t of RAdam at step t (Liu et al. 2020, eq. in Algorithm 2). */
    static double rho(double beta2, int t) {
        double rhoInf = 2 / (1 - beta2) - 1;
        return rhoInf - 2 * t * Math.pow(beta2, t) / (1 - Math.pow(beta2, t));
    }

    void step(double[] grad) {
        t++;
        boolean decoupled = kind == Kind.ADAMW || kind == Kind.RADAM_DECOUPLED;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rho(beta2, t);
        for (int i = 0; i < p.length; i++) {
            double g = grad[i];
            if (decoupled) {
                p[i] *= 1 - lr * weightDecay;
            } else {
                g += weightDecay * p[i];
            }
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            if (kind == Kind.ADAM || kind == Kind.ADAMW) {
                vMax[i] = Math.max(vMax[i], v[i]);
                double vUsed = amsgrad ? vMax[i] : v[i];
                p[i] -= lr * (m[i] / bc1) / (Math.sqrt(vUsed / bc2) + eps);
            } else {
                double mHat = m[i] / bc1;
                if (rhoT > 5) {
                    double r = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
                    p[i] -= lr * mHat * r * Math.sqrt(bc2) / (Math.sqrt(v[i]) + eps);
                } else {
                    p[i] -= lr * mHat;
                }
            }
        }
    }
}
