package pagoda.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;

class SlerpTest {
    private static final Backend CPU = Backends.cpu();

    @Test
    void endpointsAndTheMidpointOfOrthogonalLatents() {
        Tensor a = Tensor.of(CPU, new float[] {3, 0, 0, 0, 0, 2}, 2, 3);
        Tensor b = Tensor.of(CPU, new float[] {0, 3, 0, 2, 0, 0}, 2, 3);
        assertArrayEquals(a.toFloatArray(), Slerp.of(a, b, 0).toFloatArray(), 1e-6f);
        assertArrayEquals(b.toFloatArray(), Slerp.of(a, b, 1).toFloatArray(), 1e-6f);
        float h = (float) (3 / Math.sqrt(2));
        float h2 = (float) (2 / Math.sqrt(2));
        assertArrayEquals(new float[] {h, h, 0, h2, 0, h2}, Slerp.of(a, b, 0.5).toFloatArray(), 1e-6f);
    }

    @Test
    void theNormOfEqualNormLatentsIsKept() {
        Tensor a = Tensor.of(CPU, new float[] {1, 2, 2}, 1, 3);
        Tensor b = Tensor.of(CPU, new float[] {2, -1, 2}, 1, 3);
        for (double t : new double[] {0.1, 0.37, 0.8}) {
            float[] v = Slerp.of(a, b, t).toFloatArray();
            assertEquals(3.0, Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]), 1e-5);
        }
    }

    @Test
    void parallelLatentsInterpolateLinearly() {
        Tensor a = Tensor.of(CPU, new float[] {1, 1}, 1, 2);
        Tensor b = Tensor.of(CPU, new float[] {2, 2}, 1, 2);
        assertArrayEquals(new float[] {1.5f, 1.5f}, Slerp.of(a, b, 0.5).toFloatArray(), 1e-6f);
    }
}
