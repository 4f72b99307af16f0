package pagoda.tensor.io;

import java.lang.reflect.Proxy;
import pagoda.tensor.Backend;
import pagoda.tensor.Storage;

/**
 * A float64 host backend with only memory and transfers, standing in for the reference twin: it shows
 * whether F64 data reaches a float64 backend exactly. Every op throws; none is needed to load or save.
 */
final class Float64TestBackend {
    private Float64TestBackend() {
    }

    private static final class DoubleStorage extends Storage {
        final double[] data;

        DoubleStorage(Backend backend, long numel) {
            super(backend, numel);
            data = new double[Math.toIntExact(numel)];
        }
    }

    static Backend create() {
        Backend[] self = new Backend[1];
        self[0] = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> "float64-test";
                    case "allocate" -> new DoubleStorage(self[0], (Long) args[0]);
                    case "upload" -> {
                        float[] src = (float[]) args[0];
                        double[] dst = ((DoubleStorage) args[2]).data;
                        for (int i = 0; i < (Integer) args[4]; i++) {
                            dst[Math.toIntExact((Long) args[3]) + i] = src[(Integer) args[1] + i];
                        }
                        yield null;
                    }
                    case "uploadDoubles" -> {
                        System.arraycopy(args[0], (Integer) args[1], ((DoubleStorage) args[2]).data,
                                Math.toIntExact((Long) args[3]), (Integer) args[4]);
                        yield null;
                    }
                    case "download" -> {
                        double[] src = ((DoubleStorage) args[0]).data;
                        float[] dst = (float[]) args[2];
                        for (int i = 0; i < (Integer) args[4]; i++) {
                            dst[(Integer) args[3] + i] = (float) src[Math.toIntExact((Long) args[1]) + i];
                        }
                        yield null;
                    }
                    case "downloadDoubles" -> {
                        System.arraycopy(((DoubleStorage) args[0]).data, Math.toIntExact((Long) args[1]), args[2],
                                (Integer) args[3], (Integer) args[4]);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "float64-test";
                    default -> throw new UnsupportedOperationException("float64-test backend: " + method.getName());
                });
        return self[0];
    }
}
