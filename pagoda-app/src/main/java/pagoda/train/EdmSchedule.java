package pagoda.train;

/**
 * The learning-rate warm-up and the EMA decay of NVlabs/edm's {@code training_loop.py}, both functions of
 * the images seen before the current step, so that they do not depend on the batch size or on where a
 * run was resumed.
 *
 * @param learningRate the rate after warm-up ({@code lr})
 * @param rampupImages images over which the rate rises linearly from 0 ({@code lr_rampup_kimg * 1000}); 0: none
 * @param emaHalfLifeImages images over which the EMA weight of a step halves ({@code ema_halflife_kimg * 1000})
 * @param emaRampupRatio caps the half-life at this fraction of the images seen, so that early averages do not
 *        remember the random initialisation ({@code ema_rampup_ratio}); 0: no cap
 */
public record EdmSchedule(double learningRate, long rampupImages, long emaHalfLifeImages, double emaRampupRatio) {

    /** EDM's guard against dividing by a zero warm-up or half-life. */
    private static final double TINY = 1e-8;

    public EdmSchedule {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate: expected a finite number > 0, got " + learningRate);
        }
        if (rampupImages < 0 || emaHalfLifeImages < 0) {
            throw new IllegalArgumentException("warm-up and EMA half-life: expected image counts >= 0");
        }
        if (!(emaRampupRatio >= 0) || Double.isInfinite(emaRampupRatio)) {
            throw new IllegalArgumentException("EMA ramp-up ratio: expected a finite number >= 0, got " + emaRampupRatio);
        }
    }

    /** {@code lr * min(images / lr_rampup, 1)}. */
    public double learningRateAt(long imagesSeen) {
        return learningRate * Math.min(imagesSeen / Math.max((double) rampupImages, TINY), 1.0);
    }

    /**
     * The EMA decay after a step of {@code batch} images: {@code 0.5^(batch / halfLife)} with
     * {@code halfLife = min(ema_halflife, images * ema_rampup_ratio)}; 0 at the first step, so the average
     * starts as a copy of the weights.
     */
    public double emaBetaAt(long imagesSeen, int batch) {
        double halfLife = emaHalfLifeImages;
        if (emaRampupRatio > 0) {
            halfLife = Math.min(halfLife, imagesSeen * emaRampupRatio);
        }
        return Math.pow(0.5, batch / Math.max(halfLife, TINY));
    }
}
