package pagoda.train;

/**
 * Training produced a NaN or an infinity; the run stops without writing a checkpoint, so the last good one
 * stays the newest. The message names the step and the tensor.
 */
public final class NonFiniteException extends RuntimeException {
    private final long step;
    private final String tensor;

    public NonFiniteException(long step, long images, String tensor, String detail) {
        super("step " + step + " (" + images + " images): " + detail + "; stopped, the last good checkpoint is kept");
        this.step = step;
        this.tensor = tensor;
    }

    /** The step whose loss or gradient was not finite. */
    public long step() {
        return step;
    }

    /** {@code loss}, or the name of the parameter whose gradient or value was not finite. */
    public String tensor() {
        return tensor;
    }
}
