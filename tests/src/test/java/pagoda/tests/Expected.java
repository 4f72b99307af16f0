package pagoda.tests;

import java.util.List;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Tensor;

/**
 * What the twin says about one case: its inputs, its outputs' shapes and values, and their error bounds.
 * Computed once per case and shared by every backend and layout, since the twin is the slow part.
 */
record Expected(List<HostTensor> inputs, int[][] shapes, double[][] values, Bound[] bounds) {

    static Expected of(OpCase c) {
        Backend ref = Backends.reference();
        List<HostTensor> hosts = c.inputs().make(c.seed());
        Tensor[] out = c.call().apply(ref, Run.place(ref, hosts, Layout.CONTIGUOUS));
        int[][] shapes = new int[out.length][];
        double[][] values = new double[out.length][];
        for (int i = 0; i < out.length; i++) {
            shapes[i] = out[i].shape();
            values[i] = Readback.values(out[i]);
        }
        Bound[] bounds = c.tolerance().bounds(Run.place(ref, hosts, Layout.CONTIGUOUS), values);
        if (bounds.length != out.length || c.outputs().size() != out.length) {
            throw new IllegalStateException(c.name() + ": " + out.length + " outputs, " + bounds.length + " bounds, "
                    + c.outputs().size() + " names");
        }
        return new Expected(hosts, shapes, values, bounds);
    }
}
