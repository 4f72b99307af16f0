package pagoda.eval;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * A test-only reader of the Debian package dataset-fashion-mnist (gzipped IDX files), so that the metric
 * sanity tests run on real images without the data module. Tests that need it are skipped, with the
 * reason, where the package is not installed.
 */
final class FashionMnistFiles {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private FashionMnistFiles() {
    }

    static Path require(String name) {
        Path file = DIR.resolve(name);
        Assumptions.assumeTrue(Files.isReadable(file),
                "Fashion-MNIST not installed (" + file + "; Debian package dataset-fashion-mnist)");
        return file;
    }

    /** Labels [from, from + count) of an IDX label file. */
    static int[] labels(String name, int from, int count) throws IOException {
        try (InputStream raw = Files.newInputStream(require(name));
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            int n = in.readInt();
            if (magic != 0x801 || from + count > n) {
                throw new IOException(name + ": magic " + magic + ", " + n + " labels; wanted [" + from + ", " + (from + count) + ")");
            }
            in.skipNBytes(from);
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                out[i] = in.readUnsignedByte();
            }
            return out;
        }
    }

    /** Images [from, from + count) of an IDX image file as [count, 1, 28, 28] in [-1, 1]. */
    static Tensor images(Backend backend, String name, int from, int count) throws IOException {
        try (InputStream raw = Files.newInputStream(require(name));
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (magic != 0x803 || from + count > n) {
                throw new IOException(name + ": magic " + magic + ", " + n + " images; wanted [" + from + ", " + (from + count) + ")");
            }
            int size = rows * cols;
            in.skipNBytes((long) from * size);
            byte[] bytes = new byte[count * size];
            in.readFully(bytes);
            float[] v = new float[bytes.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (bytes[i] & 0xFF) / 127.5f - 1f;
            }
            return Tensor.of(backend, v, count, 1, rows, cols);
        }
    }
}
