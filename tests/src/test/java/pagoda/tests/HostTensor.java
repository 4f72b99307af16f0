package pagoda.tests;

import java.util.Arrays;
import pagoda.tensor.Backend;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/**
 * Input data held on the host as floats, so that the twin and every backend under test receive exactly
 * the same values (the twin widens them to double without loss).
 */
record HostTensor(String name, int[] shape, float[] data) {

    HostTensor {
        if (Shapes.numel(shape) != data.length) {
            throw new IllegalArgumentException("input " + name + ": " + data.length + " values for shape " + Shapes.str(shape));
        }
    }

    /** A contiguous tensor on {@code backend} holding these values. */
    Tensor onto(Backend backend) {
        return Tensor.of(backend, data, shape);
    }

    /** The values of any tensor, rounded to float: inputs derived from other inputs (saved statistics, softmax outputs). */
    static HostTensor of(String name, Tensor t) {
        double[] v = Readback.values(t);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return new HostTensor(name, t.shape(), f);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
