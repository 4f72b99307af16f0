package pagoda.tensor.io;

import java.util.Arrays;
import java.util.Objects;
import pagoda.tensor.DType;
import pagoda.tensor.Shapes;

/**
 * One entry of a safetensors header: the tensor's name, element type, shape (row-major) and the byte
 * range {@code [begin, end)} of its data, relative to the start of the data section as in the header's
 * {@code data_offsets}.
 */
public record TensorInfo(String name, DType dtype, int[] shape, long begin, long end) {

    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = Shapes.check("TensorInfo " + name, shape);
    }

    /** A copy: the record stays immutable. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    public long numel() {
        return Shapes.numel(shape);
    }

    public long byteLength() {
        return end - begin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
        return name + " " + dtype.safetensorsName() + Shapes.str(shape) + " bytes [" + begin + ", " + end + ")";
    }
}
