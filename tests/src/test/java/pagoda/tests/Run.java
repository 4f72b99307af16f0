package pagoda.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import pagoda.tensor.Backend;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/** Runs a case on one backend and judges its outputs against the twin's. */
final class Run {
    private Run() {
    }

    /** The inputs placed on {@code backend} in {@code layout}. */
    static Tensor[] place(Backend backend, List<HostTensor> hosts, Layout layout) {
        Tensor[] in = new Tensor[hosts.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = layout.place(backend, hosts.get(i));
        }
        return in;
    }

    /** The outputs' values; an exception from the backend becomes an AssertionError naming the case and backend. */
    static double[][] outputs(OpCase c, Backend backend, List<HostTensor> hosts, Layout layout) {
        return values(c, backend, layout, call(c, backend, hosts, layout));
    }

    /**
     * The call's outputs. A backend's exception fails the test with the case, backend and layout; a missing
     * kernel (UnsupportedOperationException) is reported by its message alone, since its trace says nothing more.
     */
    private static Tensor[] call(OpCase c, Backend backend, List<HostTensor> hosts, Layout layout) {
        try {
            return c.call().apply(backend, place(backend, hosts, layout));
        } catch (UnsupportedOperationException e) {
            throw new AssertionError(header(c, backend, layout) + "\n  no kernel yet: " + e);
        } catch (RuntimeException e) {
            throw new AssertionError(header(c, backend, layout) + "\n  threw " + e, e);
        }
    }

    private static double[][] values(OpCase c, Backend backend, Layout layout, Tensor[] out) {
        double[][] v = new double[out.length][];
        for (int i = 0; i < out.length; i++) {
            if (out[i].backend() != backend) {
                throw new AssertionError(header(c, backend, layout) + "\n  output '" + c.outputs().get(i)
                        + "' lives on " + out[i].backend().name());
            }
            v[i] = Readback.values(out[i]);
        }
        return v;
    }

    /** Runs the case on {@code backend} and fails, with every wrong output described, unless all are within bounds. */
    static void verify(OpCase c, Expected expected, Backend backend, Layout layout) {
        Tensor[] out = call(c, backend, expected.inputs(), layout);
        List<String> failures = new ArrayList<>();
        if (out.length != expected.values().length) {
            failures.add(out.length + " outputs, the twin gives " + expected.values().length);
        } else {
            double[][] got = values(c, backend, layout, out);
            for (int i = 0; i < out.length; i++) {
                String name = c.outputs().get(i);
                int[] shape = expected.shapes()[i];
                if (!Arrays.equals(out[i].shape(), shape)) {
                    failures.add("output '" + name + "' has shape " + Shapes.str(out[i].shape()) + ", the twin's "
                            + Shapes.str(shape));
                    continue;
                }
                String f = Comparison.check(name, shape, got[i], expected.values()[i], expected.bounds()[i]);
                if (f != null) {
                    failures.add(f);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(header(c, backend, layout) + "\n" + String.join("\n", failures));
        }
    }

    /** Case, backend (threads and vector width for the CPU) and layout: the first line of every failure. */
    static String header(OpCase c, Backend backend, Layout layout) {
        return c.name() + " | " + backend + " | " + layout.label();
    }
}
