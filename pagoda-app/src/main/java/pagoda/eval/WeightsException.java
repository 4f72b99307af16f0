package pagoda.eval;

/** A weights file or state dict that does not fit the network: a missing, unexpected or mis-shaped tensor. */
public final class WeightsException extends IllegalArgumentException {
    public WeightsException(String message) {
        super(message);
    }
}
