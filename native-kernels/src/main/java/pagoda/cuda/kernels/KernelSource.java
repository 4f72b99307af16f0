package pagoda.cuda.kernels;

import java.util.List;

/**
 * One .cu file of src/main/cuda (compiled to pagoda/cuda/ptx/NAME.ptx) and the kernels its launcher calls.
 * Each launcher declares its own; {@link Kernels#ALL} lists them, and the tests check the list against
 * the sources and the PTX's entry points both ways.
 */
public record KernelSource(String name, List<String> entries) {
    public KernelSource(String name, String... entries) {
        this(name, List.of(entries));
    }

    public String file() {
        return name + ".cu";
    }
}
