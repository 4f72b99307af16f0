package pagoda.tensor.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import pagoda.tensor.DType;

/**
 * Streams Java arrays to a file as little-endian elements of a chosen dtype, through one reused buffer so
 * that no second copy of a tensor is made. Floating-point targets round to nearest even (F16 and BF16
 * from doubles without double rounding, see {@link HalfFloats#roundToOddFloat}); integer targets accept
 * only integral values in their range, since silently truncating 2.5 or wrapping 300 into a U8 would
 * corrupt the data.
 */
final class ElementEncoder {
    private static final int BUFFER_BYTES = 1 << 16;

    private final Path file;
    private final OutputStream out;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    ElementEncoder(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    void floats(String name, float[] src, DType dtype) throws IOException {
        for (int i = 0; i < src.length; i++) {
            room();
            switch (dtype) {
                case F32 -> buf.putFloat(src[i]);
                case F16 -> buf.putShort(HalfFloats.floatToF16(src[i]));
                case BF16 -> buf.putShort(HalfFloats.floatToBf16(src[i]));
                default -> putDouble(name, i, src[i], dtype);
            }
        }
    }

    void doubles(String name, double[] src, DType dtype) throws IOException {
        for (int i = 0; i < src.length; i++) {
            room();
            putDouble(name, i, src[i], dtype);
        }
    }

    void longs(String name, long[] src, DType dtype) throws IOException {
        for (int i = 0; i < src.length; i++) {
            room();
            switch (dtype) {
                case F32 -> buf.putFloat((float) src[i]);
                case F64 -> buf.putDouble((double) src[i]);
                case I64, I32, U8, BOOL -> putInteger(name, i, src[i], dtype);
                case F16, BF16 -> throw new AssertionError("SafeTensorsWriter admits no long data as " + dtype);
            }
        }
    }

    /** Unsigned bytes need no conversion: they go to the stream as they are, after what is buffered. */
    void bytes(byte[] src) throws IOException {
        flush();
        out.write(src);
    }

    /** Writes what is buffered; call once after the last tensor. */
    void flush() throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    private void room() throws IOException {
        if (buf.remaining() < Long.BYTES) {
            flush();
        }
    }

    private void putDouble(String name, int i, double v, DType dtype) {
        switch (dtype) {
            case F32 -> buf.putFloat((float) v);
            case F64 -> buf.putDouble(v);
            case F16 -> buf.putShort(HalfFloats.doubleToF16(v));
            case BF16 -> buf.putShort(HalfFloats.doubleToBf16(v));
            case I64, I32, U8, BOOL -> {
                if (v != Math.rint(v) || v < min(dtype) || v >= (double) max(dtype) + 1) {
                    throw outOfRange(name, i, Double.toString(v), dtype);
                }
                putInteger(name, i, (long) v, dtype);
            }
        }
    }

    private void putInteger(String name, int i, long v, DType dtype) {
        if (v < min(dtype) || v > max(dtype)) {
            throw outOfRange(name, i, Long.toString(v), dtype);
        }
        switch (dtype) {
            case I64 -> buf.putLong(v);
            case I32 -> buf.putInt((int) v);
            default -> buf.put((byte) v);
        }
    }

    private SafeTensorsException outOfRange(String name, int i, String value, DType dtype) {
        String range = dtype == DType.BOOL ? "0 or 1" : "integers in [" + min(dtype) + ", " + max(dtype) + "]";
        return new SafeTensorsException(file, name, "element " + i + " is " + value + "; " + dtype + " stores " + range);
    }

    private static long min(DType dtype) {
        return switch (dtype) {
            case I64 -> Long.MIN_VALUE;
            case I32 -> Integer.MIN_VALUE;
            default -> 0;
        };
    }

    private static long max(DType dtype) {
        return switch (dtype) {
            case I64 -> Long.MAX_VALUE;
            case I32 -> Integer.MAX_VALUE;
            case U8 -> 255;
            default -> 1;
        };
    }
}
