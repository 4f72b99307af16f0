package pagoda.tensor;

/**
 * A backend that lives in another module (the CUDA backend in native-kernels), found by name through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/pagoda.tensor.BackendProvider}), so that this
 * module depends on none of them. {@link Backends#byName} opens it.
 */
public interface BackendProvider {

    /** The name users give it ({@code --device cuda}). */
    String name();

    /** One line for {@code pagoda info}: the device it would run on, or {@code "unavailable (reason)"}. Never throws. */
    String describe();

    /** Opens the backend; throws {@link BackendUnavailableException} with the reason when it cannot run here. */
    Backend open();
}
