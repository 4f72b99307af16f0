package pagoda.tensor.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Converts the little-endian bytes of one tensor into Java arrays. Layouts are unaligned: the format
 * does not promise alignment, even though well-formed writers provide it. Widening conversions are
 * exact; narrowing ones (F64 or I64 to float, I64 to double) round to nearest even, as Java casts do.
 */
final class ElementDecoder {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private ElementDecoder() {
    }

    static float[] floats(Path file, TensorInfo info, MemorySegment src) {
        int n = count(file, info);
        float[] out = new float[n];
        switch (info.dtype()) {
            case F32 -> MemorySegment.copy(src, F32, 0, out, 0, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.f16ToFloat(src.get(I16, 2L * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.bf16ToFloat(src.get(I16, 2L * i));
                }
            }
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) src.get(F64, 8L * i);
                }
            }
            case I64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) src.get(I64, 8L * i);
                }
            }
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) src.get(I32, 4L * i);
                }
            }
            case U8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = src.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
                }
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    out[i] = bool(file, info, src, i);
                }
            }
        }
        return out;
    }

    static double[] doubles(Path file, TensorInfo info, MemorySegment src) {
        int n = count(file, info);
        double[] out = new double[n];
        switch (info.dtype()) {
            case F64 -> MemorySegment.copy(src, F64, 0, out, 0, n);
            case I64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (double) src.get(I64, 8L * i);
                }
            }
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = src.get(I32, 4L * i);
                }
            }
            default -> {
                float[] f = floats(file, info, src);
                for (int i = 0; i < n; i++) {
                    out[i] = f[i];
                }
            }
        }
        return out;
    }

    static long[] longs(Path file, TensorInfo info, MemorySegment src) {
        int n = count(file, info);
        long[] out = new long[n];
        switch (info.dtype()) {
            case I64 -> MemorySegment.copy(src, I64, 0, out, 0, n);
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = src.get(I32, 4L * i);
                }
            }
            case U8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = src.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
                }
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    out[i] = bool(file, info, src, i);
                }
            }
            case F32, F16, BF16, F64 -> throw new SafeTensorsException(file, info.name(), "dtype " + info.dtype()
                    + " is floating point; reading as integers needs I64, I32, U8 or BOOL (read floats or doubles instead)");
        }
        return out;
    }

    /** The numpy/torch bool byte: exactly 0 or 1; anything else means the data is not what the header says. */
    private static int bool(Path file, TensorInfo info, MemorySegment src, int i) {
        byte b = src.get(ValueLayout.JAVA_BYTE, i);
        if (b != 0 && b != 1) {
            throw new SafeTensorsException(file, info.name(), String.format(
                    "BOOL element %d holds byte 0x%02x; expected 0 or 1", i, b & 0xFF));
        }
        return b;
    }

    private static int count(Path file, TensorInfo info) {
        long n = info.numel();
        if (n > MAX_ARRAY) {
            throw new SafeTensorsException(file, info.name(), n + " elements do not fit a Java array (at most "
                    + MAX_ARRAY + "); read its bytes instead");
        }
        return (int) n;
    }
}
