package pagoda.tensor;

import java.util.Locale;

/**
 * Element types a tensor can be read from or written to. Computation is always float32 (the reference
 * twin computes in float64); the other types exist for files and host arrays, and convert on the way in
 * and out.
 */
public enum DType {
    F32("F32", 4),
    F16("F16", 2),
    BF16("BF16", 2),
    F64("F64", 8),
    I64("I64", 8),
    I32("I32", 4),
    U8("U8", 1),
    BOOL("BOOL", 1);

    private final String safetensorsName;
    private final int byteSize;

    DType(String safetensorsName, int byteSize) {
        this.safetensorsName = safetensorsName;
        this.byteSize = byteSize;
    }

    /** The dtype's name in a safetensors header ("F32", "BF16", ...). */
    public String safetensorsName() {
        return safetensorsName;
    }

    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    /**
     * The dtype whose safetensors name is {@code name}.
     *
     * @throws IllegalArgumentException naming the unknown dtype and the known ones
     */
    public static DType fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return t;
            }
        }
        StringBuilder known = new StringBuilder();
        for (DType t : values()) {
            known.append(known.isEmpty() ? "" : ", ").append(t.safetensorsName);
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "' (known: " + known + ")");
    }

    /** Parses a user-facing name such as "f16", "bf16", "float32". */
    public static DType parse(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return switch (n) {
            case "FLOAT32", "FLOAT" -> F32;
            case "FLOAT16", "HALF" -> F16;
            case "BFLOAT16" -> BF16;
            case "FLOAT64", "DOUBLE" -> F64;
            case "INT64", "LONG" -> I64;
            case "INT32", "INT" -> I32;
            default -> fromSafetensorsName(n);
        };
    }
}
