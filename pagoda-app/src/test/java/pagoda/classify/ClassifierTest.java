package pagoda.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.autograd.Var;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

class ClassifierTest {
    private static final Backend CPU = Backends.cpu();

    @TempDir
    Path tmp;

    /** Cross-entropy against the direct formula: value mean(log sum exp z - z_y), gradient (softmax(z) - y) / N. */
    @Test
    void crossEntropyIsTheDirectOne() {
        int n = 3;
        int k = 4;
        float[] z = {2.5f, -1, 0.3f, 40, -3, 0, 0.5f, 1, 7, 7, -7, 0.1f};
        float[] y = {0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0};
        Var logits = Var.parameter(Tensor.of(CPU, z, n, k));
        Var loss = ClassifierNet.crossEntropy(logits, Var.constant(Tensor.of(CPU, y, n, k)));
        loss.backward();
        double expected = 0;
        double[] grad = new double[n * k];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, z[i * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[i * k + j] - max);
            }
            for (int j = 0; j < k; j++) {
                double p = Math.exp(z[i * k + j] - max) / sum;
                expected += (y[i * k + j] == 1 ? -Math.log(p) : 0) / n;
                grad[i * k + j] = (p - y[i * k + j]) / n;
            }
        }
        assertEquals(expected, loss.value().item(), 1e-5 * expected);
        assertArrayEquals(grad, logits.grad().toDoubleArray(), 1e-6);
    }

    @Test
    void savedAndLoadedPredictsTheSame() throws IOException {
        ClassifierNet net = new ClassifierNet(new ClassifierConfig(1, 8, 3, 4), CPU, 2);
        Tensor images = Ops.uniform(CPU, 3, 0, -1f, 1f, 5, 1, 8, 8);
        Classifier a = new Classifier(net);
        a.save(tmp.resolve("c"), Map.of("steps", 0L));
        Classifier b = Classifier.load(tmp.resolve("c"), CPU);
        assertArrayEquals(a.predict(images, CPU, 2), b.predict(images, CPU, 5));
        int[] predicted = a.predict(images, CPU, 5);
        assertEquals(1.0, a.accuracy(images, predicted, CPU, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.predict(Ops.uniform(CPU, 3, 0, -1f, 1f, 2, 3, 8, 8), CPU, 2));
        assertEquals("the classifier takes images [N, 1, 8, 8], got [2, 3, 8, 8]", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Classifier.load(tmp.resolve("none"), CPU)).getMessage()
                .contains("is not a classifier folder"));
        assertThrows(IllegalArgumentException.class, () -> new ClassifierConfig(1, 6, 3, 4));
    }
}
