package pagoda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float vector species every CPU kernel uses, fixed once per JVM so that the JIT sees a constant.
 * {@code -Dpagoda.vector.bits=128|256|512} narrows it (the conformance suite runs every width);
 * otherwise it is the widest this CPU supports.
 */
public final class Simd {
    public static final VectorSpecies<Float> F = species(System.getProperty("pagoda.vector.bits"));
    public static final int LANES = F.length();

    private Simd() {
    }

    static VectorSpecies<Float> species(String bits) {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        if (bits == null || bits.isBlank()) {
            return preferred;
        }
        int b;
        try {
            b = Integer.parseInt(bits.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pagoda.vector.bits='" + bits + "': expected 128, 256 or 512");
        }
        if (b != 128 && b != 256 && b != 512) {
            throw new IllegalArgumentException("pagoda.vector.bits=" + b + ": expected 128, 256 or 512");
        }
        if (b > preferred.vectorBitSize()) {
            throw new IllegalArgumentException("pagoda.vector.bits=" + b + ": this CPU's widest float vector is "
                    + preferred.vectorBitSize() + " bits");
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(b));
    }
}
