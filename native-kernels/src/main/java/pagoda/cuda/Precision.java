package pagoda.cuda;

import java.util.Locale;

/**
 * The arithmetic of the CUDA backend's matrix products and convolutions (gemm_core.cuh), chosen per
 * backend with {@code -Dpagoda.cuda.precision}. The default meets the float32 error bounds that every
 * backend is tested against; the others trade accuracy for speed, as PyTorch's allow_tf32 and autocast do.
 */
public enum Precision {
    /** 3xTF32: float32-accurate products on the tensor cores (about 1.5 float ulps per product). The default. */
    FP32("fp32"),
    /** One TF32 pass: inputs rounded to 10-bit mantissas, float accumulation. */
    TF32("tf32"),
    /** Inputs rounded to bfloat16 (8-bit mantissas), float accumulation. */
    BF16("bf16");

    private final String suffix;

    Precision(String suffix) {
        this.suffix = suffix;
    }

    /** The kernel-name suffix of this mode ("gemm_" + suffix). */
    public String suffix() {
        return suffix;
    }

    /** {@code -Dpagoda.cuda.precision}, else FP32. */
    public static Precision fromProperty() {
        String p = System.getProperty("pagoda.cuda.precision");
        return p == null || p.isBlank() ? FP32 : parse(p);
    }

    public static Precision parse(String name) {
        for (Precision p : values()) {
            if (p.suffix.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("pagoda.cuda.precision='" + name + "': expected fp32, tf32 or bf16");
    }
}
