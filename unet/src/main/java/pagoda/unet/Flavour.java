package pagoda.unet;

/**
 * The two weight formats of one architecture (see ../shared/docs/pagoda-spec.md, "Stage 1"). Both run the
 * same {@link DhariwalUNet}; they differ in the key names and layouts of the state dict and in the noise
 * input the network was trained with.
 */
public enum Flavour {
    /** NVlabs/edm: EDM's state-dict keys and qkv layout; {@code cNoise = ln(sigma) / 4} (EDM, Table 1). */
    EDM("edm", 1.0),
    /**
     * openai/consistency_models' ADM checkpoints ({@code edm_imagenet64_ema.pt}, converted to safetensors):
     * guided-diffusion key names, qkv split as [3][heads][64], a class-embedding table, and the noise input
     * {@code 1000 ln(sigma) / 4}; see {@link GuidedDiffusionKeys} for the mapping.
     */
    CONSISTENCY_MODELS("consistency_models", 1000.0);

    private final String jsonName;
    private final double noiseScale;

    Flavour(String jsonName, double noiseScale) {
        this.jsonName = jsonName;
        this.noiseScale = noiseScale;
    }

    /** The value of the config field {@code flavour}. */
    public String jsonName() {
        return jsonName;
    }

    /** The factor in front of EDM's {@code ln(sigma) / 4} that this flavour's network was trained on. */
    public double noiseScale() {
        return noiseScale;
    }

    /** The flavour named {@code name}, or null when there is none. */
    static Flavour byJsonName(String name) {
        for (Flavour f : values()) {
            if (f.jsonName.equals(name)) {
                return f;
            }
        }
        return null;
    }
}
