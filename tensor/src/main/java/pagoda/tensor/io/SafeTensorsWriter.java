package pagoda.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import pagoda.tensor.DType;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/**
 * Collects named tensors and writes them as one safetensors file, atomically ({@link AtomicFiles}).
 *
 * <p>Data is not copied when added: arrays are read, and tensors downloaded to the host one at a time,
 * when {@link #write} runs, so writing a model needs memory for one tensor, not for a second model. Do
 * not modify the arrays before then. Conversions: float32 to F16 and BF16 round to nearest even and keep
 * NaN; integer dtypes take only integral values in range, anything else fails the write (naming the
 * tensor and element) and leaves any existing file untouched.
 *
 * <p>Layout, as the reference implementation writes it: the header (compact JSON, {@code __metadata__}
 * first) is padded with spaces to a multiple of 8 bytes, and the data is ordered by element size,
 * largest first, keeping insertion order among equals, so that every tensor starts at a multiple of its
 * element size and can be read in place. The header lists tensors in that data order.
 */
public final class SafeTensorsWriter {
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private record Entry(String name, DType dtype, int[] shape, Object data) {
        long byteLength() {
            return Shapes.numel(shape) * dtype.byteSize();
        }
    }

    /** Adds a tensor stored as F32. */
    public SafeTensorsWriter put(String name, Tensor tensor) {
        return put(name, tensor, DType.F32);
    }

    /** Adds a tensor stored as {@code dtype}; F64 takes the backend's values exactly (see {@link Tensor#toDoubleArray}). */
    public SafeTensorsWriter put(String name, Tensor tensor, DType dtype) {
        Objects.requireNonNull(tensor, "tensor");
        return add(name, dtype, tensor.shape(), tensor);
    }

    /** Adds host floats, row-major, of the given shape, stored as {@code dtype}. */
    public SafeTensorsWriter put(String name, float[] data, DType dtype, int... shape) {
        return add(name, dtype, checkLength(name, data.length, shape), data);
    }

    /** Adds host doubles, stored as {@code dtype} (F16 and BF16 rounded once, directly from the double). */
    public SafeTensorsWriter put(String name, double[] data, DType dtype, int... shape) {
        return add(name, dtype, checkLength(name, data.length, shape), data);
    }

    /** Adds host integers, stored as I64, I32, U8, BOOL (range-checked), F64 or F32 (rounded). */
    public SafeTensorsWriter put(String name, long[] data, DType dtype, int... shape) {
        if (dtype == DType.F16 || dtype == DType.BF16) {
            throw new IllegalArgumentException("tensor '" + name + "': long data cannot be stored as " + dtype
                    + " (expected I64, I32, U8, BOOL, F64 or F32; convert to float first)");
        }
        return add(name, dtype, checkLength(name, data.length, shape), data);
    }

    /**
     * Adds raw bytes stored as U8, each byte read as unsigned (0 .. 255): images are kept as 8-bit pixels,
     * and a byte array costs an eighth of the memory of the equivalent long array.
     */
    public SafeTensorsWriter putU8(String name, byte[] data, int... shape) {
        return add(name, DType.U8, checkLength(name, data.length, shape), data);
    }

    /** Adds a {@code __metadata__} entry; free-form text such as a format tag or hyper-parameters. */
    public SafeTensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "metadata key"), Objects.requireNonNull(value, "metadata value for " + key));
        return this;
    }

    /**
     * Writes the file, replacing any existing one atomically.
     *
     * @throws SafeTensorsException naming the file and tensor when a value does not fit its dtype; the
     *         target is then unchanged
     */
    public void write(Path file) throws IOException {
        List<Entry> order = new ArrayList<>(entries.values());
        order.sort(Comparator.comparingInt((Entry e) -> e.dtype().byteSize()).reversed());
        byte[] header = header(order);
        AtomicFiles.write(file, out -> {
            out.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            ElementEncoder encoder = new ElementEncoder(file, out);
            for (Entry e : order) {
                switch (e.data()) {
                    case float[] f -> encoder.floats(e.name(), f, e.dtype());
                    case double[] d -> encoder.doubles(e.name(), d, e.dtype());
                    case long[] l -> encoder.longs(e.name(), l, e.dtype());
                    case byte[] b -> encoder.bytes(b);
                    case Tensor t when e.dtype() == DType.F32 -> encoder.floats(e.name(), t.toFloatArray(), e.dtype());
                    case Tensor t -> encoder.doubles(e.name(), t.toDoubleArray(), e.dtype());
                    default -> throw new AssertionError("unexpected data " + e.data().getClass());
                }
            }
            encoder.flush();
        });
    }

    private byte[] header(List<Entry> order) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            json.put(SafeTensorsHeader.METADATA_KEY, metadata);
        }
        long offset = 0;
        for (Entry e : order) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", e.dtype().safetensorsName());
            info.put("shape", e.shape());
            info.put("data_offsets", new long[] {offset, offset + e.byteLength()});
            json.put(e.name(), info);
            offset += e.byteLength();
        }
        byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
        if (text.length > SafeTensorsHeader.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header of " + order.size() + " tensors takes " + text.length
                    + " bytes, more than readers accept (" + SafeTensorsHeader.MAX_HEADER_BYTES + ")");
        }
        int padded = (text.length + 7) & ~7;
        byte[] header = new byte[padded];
        System.arraycopy(text, 0, header, 0, text.length);
        for (int i = text.length; i < padded; i++) {
            header[i] = ' ';
        }
        return header;
    }

    private SafeTensorsWriter add(String name, DType dtype, int[] shape, Object data) {
        Objects.requireNonNull(name, "tensor name");
        Objects.requireNonNull(dtype, "dtype of tensor " + name);
        if (name.equals(SafeTensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("tensor name '" + name + "' is reserved for the metadata");
        }
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("tensor '" + name + "' was already added");
        }
        entries.put(name, new Entry(name, dtype, shape.clone(), data));
        return this;
    }

    private static int[] checkLength(String name, int length, int[] shape) {
        int[] s = Shapes.check("tensor '" + name + "'", shape);
        if (Shapes.numel(s) != length) {
            throw new IllegalArgumentException("tensor '" + name + "': " + length + " values do not fill shape " + Shapes.str(s)
                    + " (" + Shapes.numel(s) + " elements)");
        }
        return s;
    }
}
