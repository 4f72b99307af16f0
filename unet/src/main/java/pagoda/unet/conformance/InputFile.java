package pagoda.unet.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensors;

/**
 * One fixture file opened for its inputs only: reading any tensor not declared as an input is an error,
 * so the expected outputs stored beside the inputs can never leak into a computation.
 */
public final class InputFile implements AutoCloseable {
    private final SafeTensors file;
    private final Set<String> inputs;

    private InputFile(SafeTensors file, Set<String> inputs) {
        this.file = file;
        this.inputs = inputs;
    }

    /** Opens {@code dir/name} allowing reads of {@code inputs} only. */
    public static InputFile open(Path dir, String name, String... inputs) throws IOException {
        Path path = dir.resolve(name);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "fixture file missing");
        }
        return new InputFile(SafeTensors.open(path), new TreeSet<>(Set.of(inputs)));
    }

    public Path path() {
        return file.file();
    }

    /** A declared input on {@code backend}; an input the file lacks is an error naming file and tensor. */
    public Tensor read(String name, Backend backend) {
        check(name);
        return file.readTensor(name, backend);
    }

    /** A declared input if the file holds it, else null. */
    public Tensor readOptional(String name, Backend backend) {
        check(name);
        return file.contains(name) ? file.readTensor(name, backend) : null;
    }

    private void check(String name) {
        if (!inputs.contains(name)) {
            throw new IllegalStateException(file.file() + ": '" + name + "' is not an input of this case (inputs: "
                    + inputs + "); expected outputs must not be read");
        }
    }

    @Override
    public void close() {
        file.close();
    }
}
