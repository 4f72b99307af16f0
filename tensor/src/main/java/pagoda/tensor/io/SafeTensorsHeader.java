package pagoda.tensor.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pagoda.tensor.DType;
import pagoda.tensor.Shapes;

/**
 * The validated header of a safetensors file. Validation is complete on open, so that every later read
 * can trust the ranges: a file that the reference implementation (huggingface/safetensors) would reject
 * is rejected here, with the file and tensor named. In particular the tensors' byte ranges must tile
 * the data section exactly, without overlaps or holes, as the format requires.
 */
record SafeTensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart) {

    /** The reference implementation's bound; it keeps a corrupt length from allocating gigabytes. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";
    private static final ValueLayout.OfLong LENGTH = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int SHOWN_ELEMENTS = 8;
    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");

    /** Parses and validates the header of the mapped file {@code file}. */
    static SafeTensorsHeader parse(Path file, MemorySegment content) {
        long size = content.byteSize();
        if (size < 8) {
            throw new SafeTensorsException(file, null, "file is " + size
                    + " bytes long; a safetensors file starts with an 8-byte header length");
        }
        long n = content.get(LENGTH, 0);
        if (n == 0) {
            throw new SafeTensorsException(file, null, "header length is 0; expected a JSON header of at least 2 bytes");
        }
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new SafeTensorsException(file, null, "header length " + Long.toUnsignedString(n)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes (is this a safetensors file?)");
        }
        if (n > size - 8) {
            throw new SafeTensorsException(file, null, "header length " + n + " reaches beyond the end of the file ("
                    + size + " bytes)");
        }
        Object parsed;
        try {
            parsed = Json.parse(content.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE), "header");
        } catch (JsonException e) {
            throw new SafeTensorsException(file, null, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> entries)) {
            throw new SafeTensorsException(file, null, "header is " + JsonFields.describe(parsed) + "; expected a JSON object");
        }
        long dataLength = size - 8 - n;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = Map.of();
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                metadata = metadata(file, e.getValue());
            } else {
                tensors.put(name, tensor(file, name, e.getValue(), dataLength));
            }
        }
        checkTiling(file, tensors.values(), dataLength);
        return new SafeTensorsHeader(Collections.unmodifiableMap(tensors), metadata, 8 + n);
    }

    private static Map<String, String> metadata(Path file, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new SafeTensorsException(file, null, METADATA_KEY + " is " + JsonFields.describe(value)
                    + "; expected an object mapping strings to strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new SafeTensorsException(file, null, METADATA_KEY + " key '" + e.getKey() + "' holds "
                        + JsonFields.describe(e.getValue()) + "; expected a string (metadata maps strings to strings)");
            }
            out.put((String) e.getKey(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    private static TensorInfo tensor(Path file, String name, Object value, long dataLength) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new SafeTensorsException(file, name, "entry is " + JsonFields.describe(value)
                    + "; expected an object with dtype, shape and data_offsets");
        }
        for (Object key : m.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new SafeTensorsException(file, name, "unknown field '" + key + "' (expected dtype, shape and data_offsets)");
            }
        }
        Object dtypeValue = field(file, name, m, "dtype");
        if (!(dtypeValue instanceof String dtypeName)) {
            throw new SafeTensorsException(file, name, "dtype is " + JsonFields.describe(dtypeValue) + "; expected a string such as \"F32\"");
        }
        DType dtype;
        try {
            dtype = DType.fromSafetensorsName(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(file, name, e.getMessage(), e);
        }
        int[] shape = shape(file, name, field(file, name, m, "shape"));
        long[] range = offsets(file, name, field(file, name, m, "data_offsets"));
        long bytes;
        try {
            bytes = Math.multiplyExact(Shapes.numel(shape), dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new SafeTensorsException(file, name, "shape " + Shapes.str(shape) + " of " + dtypeName
                    + " needs more than 2^63 bytes", e);
        }
        if (bytes != range[1] - range[0]) {
            throw new SafeTensorsException(file, name, "shape " + Shapes.str(shape) + " of " + dtypeName + " needs "
                    + bytes + " bytes but data_offsets [" + range[0] + ", " + range[1] + "] hold " + (range[1] - range[0]));
        }
        if (range[1] > dataLength) {
            throw new SafeTensorsException(file, name, "data_offsets [" + range[0] + ", " + range[1]
                    + "] reach beyond the data section of " + dataLength + " bytes");
        }
        return new TensorInfo(name, dtype, shape, range[0], range[1]);
    }

    private static Object field(Path file, String name, Map<?, ?> m, String field) {
        if (!m.containsKey(field)) {
            throw new SafeTensorsException(file, name, "missing field '" + field + "'");
        }
        return m.get(field);
    }

    private static int[] shape(Path file, String name, Object value) {
        if (!(value instanceof List<?> list)) {
            throw new SafeTensorsException(file, name, "shape is " + JsonFields.describe(value) + "; expected an array of integers");
        }
        int[] shape = new int[list.size()];
        for (int i = 0; i < shape.length; i++) {
            Object d = list.get(i);
            if (!(d instanceof Long l) || l < 0) {
                throw new SafeTensorsException(file, name, "shape " + shown(list) + ": dimension " + i + " is "
                        + JsonFields.describe(d) + "; expected a non-negative integer");
            }
            if (l > Integer.MAX_VALUE) {
                throw new SafeTensorsException(file, name, "shape " + shown(list) + ": dimension " + i + " = " + l
                        + " exceeds 2^31 - 1, the largest dimension a Tensor supports");
            }
            shape[i] = (int) (long) l;
        }
        return shape;
    }

    private static long[] offsets(Path file, String name, Object value) {
        if (!(value instanceof List<?> list) || list.size() != 2
                || !(list.get(0) instanceof Long begin) || !(list.get(1) instanceof Long end) || begin < 0 || end < 0) {
            throw new SafeTensorsException(file, name, "data_offsets is " + shown(value)
                    + "; expected [begin, end], two non-negative integers");
        }
        if (begin > end) {
            throw new SafeTensorsException(file, name, "data_offsets [" + begin + ", " + end + "] begin after they end");
        }
        return new long[] {begin, end};
    }

    /** A short array as written in the header, anything else described. */
    private static String shown(Object value) {
        return value instanceof List<?> l && l.size() <= SHOWN_ELEMENTS ? Json.write(l) : JsonFields.describe(value);
    }

    /** The ranges, sorted, must follow one another from 0 to the end of the data section. */
    private static void checkTiling(Path file, Iterable<TensorInfo> tensors, long dataLength) {
        List<TensorInfo> sorted = new ArrayList<>();
        tensors.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long covered = 0;
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            if (t.begin() < covered) {
                throw new SafeTensorsException(file, t.name(), "data_offsets [" + t.begin() + ", " + t.end()
                        + "] overlap those of tensor '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (t.begin() > covered) {
                throw new SafeTensorsException(file, t.name(), "bytes [" + covered + ", " + t.begin()
                        + ") of the data section before this tensor belong to no tensor; the ranges must cover the data section without holes");
            }
            covered = t.end();
            previous = t;
        }
        if (covered != dataLength) {
            String where = previous == null ? "bytes [0, " + dataLength + ") of the data section"
                    : "bytes [" + covered + ", " + dataLength + ") after the last tensor '" + previous.name() + "'";
            throw new SafeTensorsException(file, null, where
                    + " belong to no tensor; the ranges must cover the data section without holes");
        }
    }
}
