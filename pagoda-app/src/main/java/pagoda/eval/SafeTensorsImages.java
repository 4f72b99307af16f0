package pagoda.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensors;

/**
 * A sample file: a safetensors file with a tensor {@code images} [N, C, H, W], C = 1 or 3, values in
 * [-1, 1] (any float dtype), as the sampling commands write it. Values more than {@link #SLACK} outside
 * [-1, 1] or not finite are an error naming the image: they mean another convention ([0, 1], [0, 255])
 * or a diverged sampler, and would silently bias every metric.
 */
public final class SafeTensorsImages implements ImageSource {
    public static final String TENSOR = "images";
    /** Rounding in a float16 file or a resampled image may step slightly past the range. */
    static final float SLACK = 1e-3f;

    private final SafeTensors file;
    private final int[] shape;

    private SafeTensorsImages(SafeTensors file, int[] shape) {
        this.file = file;
        this.shape = shape;
    }

    public static SafeTensorsImages open(Path path) throws IOException {
        SafeTensors st = SafeTensors.open(path);
        try {
            if (!st.contains(TENSOR)) {
                throw new IllegalArgumentException(path + ": no tensor '" + TENSOR + "' (a sample file holds images [N, C, H, W] "
                        + "in [-1, 1] under that name); it holds " + String.join(", ", st.names()));
            }
            int[] s = st.info(TENSOR).shape();
            if (s.length != 4 || (s[1] != 1 && s[1] != 3) || s[2] < 1 || s[3] < 1 || !st.info(TENSOR).dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(path + ": tensor '" + TENSOR + "' is " + st.info(TENSOR).dtype().safetensorsName()
                        + Arrays.toString(s) + ", expected floating-point [N, C, H, W] with C = 1 or 3");
            }
            return new SafeTensorsImages(st, s);
        } catch (RuntimeException e) {
            st.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return file.file().toString();
    }

    @Override
    public int size() {
        return shape[0];
    }

    @Override
    public int channels() {
        return shape[1];
    }

    @Override
    public int height() {
        return shape[2];
    }

    @Override
    public int width() {
        return shape[3];
    }

    @Override
    public Tensor read(int from, int to, Backend backend) {
        int per = shape[1] * shape[2] * shape[3];
        float[] v = file.readFloats(TENSOR, (long) from * per, (to - from) * per);
        for (int i = 0; i < v.length; i++) {
            if (!(Math.abs(v[i]) <= 1 + SLACK)) {
                throw new IllegalArgumentException(file.file() + ": tensor '" + TENSOR + "' image " + (from + i / per) + " holds "
                        + v[i] + ", outside [-1, 1] (sample files hold images in [-1, 1])");
            }
        }
        return Tensor.of(backend, v, to - from, shape[1], shape[2], shape[3]);
    }

    @Override
    public void close() {
        file.close();
    }
}
