package pagoda.unet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;

/**
 * The keyword arguments of NVlabs/edm's {@code EDMPrecond} around a {@code DhariwalUNet}, as a config.json
 * holds them (../shared/fixtures/README.md), plus {@code flavour}, which selects the weight format
 * ({@link Flavour}). Fields absent from the file take EDM's defaults; unknown fields are errors, so a
 * misspelt option is reported rather than ignored. Every check names the file and field (type errors come
 * as {@link pagoda.tensor.io.JsonException}, value errors as {@link ConfigException}).
 *
 * @param sigmaMax {@link Double#POSITIVE_INFINITY} when absent, as in EDM
 * @param guidanceEmbedding whether the network also takes a guidance scale w, embedded like the noise label
 *                          (field {@code guidance_embedding}, default false and then not written, so every
 *                          config without it reads and writes as before; see {@link DhariwalUNet})
 */
public record UNetConfig(
        Flavour flavour,
        int imgResolution,
        int imgChannels,
        int labelDim,
        int augmentDim,
        int modelChannels,
        int[] channelMult,
        int channelMultEmb,
        int numBlocks,
        int[] attnResolutions,
        double dropout,
        double labelDropout,
        double sigmaData,
        double sigmaMin,
        double sigmaMax,
        boolean guidanceEmbedding) {

    /** EDM's channels per attention head ({@code UNetBlock(channels_per_head=64)}). */
    public static final int CHANNELS_PER_HEAD = 64;

    /**
     * The shipped configs: {@code teacher-16}, the default teacher of this project (16x16, 3 channels, 64 model
     * channels, [1, 2, 2], 2 blocks, attention at 8x8, 10 classes); {@code teacher-imagenet64-cm}, the
     * architecture of consistency_models' {@code edm_imagenet64_ema.pt} in its weight format.
     */
    public static final List<String> PRESETS = List.of("teacher-16", "teacher-imagenet64-cm");

    private static final String[] FIELDS = {"precond", "model_type", "flavour", "img_resolution", "img_channels",
        "label_dim", "augment_dim", "model_channels", "channel_mult", "channel_mult_emb", "num_blocks", "attn_resolutions",
        "dropout", "label_dropout", "sigma_data", "sigma_min", "sigma_max", "use_fp16", "guidance_embedding"};

    public UNetConfig {
        channelMult = channelMult.clone();
        attnResolutions = attnResolutions.clone();
        validate("config", flavour, imgResolution, imgChannels, labelDim, augmentDim, modelChannels, channelMult,
                channelMultEmb, numBlocks, dropout, labelDropout, sigmaData, sigmaMin, sigmaMax);
    }

    /** Reads and checks a config.json. */
    public static UNetConfig read(Path file) throws IOException {
        return parse(Json.readObject(file));
    }

    /**
     * A config file, or, when {@code nameOrFile} is not a file, the preset of that name shipped in
     * {@code presets/} ({@link #PRESETS}).
     */
    public static UNetConfig readOrPreset(String nameOrFile) throws IOException {
        Path file = Path.of(nameOrFile);
        if (Files.isRegularFile(file)) {
            return read(file);
        }
        try (InputStream in = UNetConfig.class.getResourceAsStream("/presets/" + nameOrFile + ".json")) {
            if (in == null) {
                throw new NoSuchFileException(nameOrFile, null, "neither a config file nor a preset (presets: "
                        + String.join(", ", PRESETS) + ")");
            }
            return parse(JsonFields.of(Json.parse(in.readAllBytes(), "preset " + nameOrFile), "preset " + nameOrFile));
        }
    }

    /** Checks parsed config fields; errors name {@code fields.source()} and the field. */
    public static UNetConfig parse(JsonFields f) {
        String src = f.source();
        f.requireOnly(FIELDS);
        String precond = f.getString("precond", "edm");
        if (!precond.equals("edm")) {
            throw new ConfigException(src, "precond", "'" + precond + "' is not supported (expected \"edm\": EDMPrecond)");
        }
        String modelType = f.getString("model_type", "DhariwalUNet");
        if (!modelType.equals("DhariwalUNet")) {
            throw new ConfigException(src, "model_type", "'" + modelType + "' is not supported (expected \"DhariwalUNet\")");
        }
        if (f.getBoolean("use_fp16", false)) {
            throw new ConfigException(src, "use_fp16", "true is not supported (this implementation computes in float32)");
        }
        String flavourName = f.getString("flavour", Flavour.EDM.jsonName());
        Flavour flavour = Flavour.byJsonName(flavourName);
        if (flavour == null) {
            throw new ConfigException(src, "flavour", "'" + flavourName + "' is unknown (expected \"edm\" or \"consistency_models\")");
        }
        int[] channelMult = f.has("channel_mult") ? f.getIntArray("channel_mult") : new int[] {1, 2, 3, 4};
        int[] attn = f.has("attn_resolutions") ? f.getIntArray("attn_resolutions") : new int[] {32, 16, 8};
        double sigmaMax = f.has("sigma_max") ? f.getDouble("sigma_max") : Double.POSITIVE_INFINITY;
        int imgResolution = f.getInt("img_resolution");
        int imgChannels = f.getInt("img_channels");
        int labelDim = f.getInt("label_dim", 0);
        int augmentDim = f.getInt("augment_dim", 0);
        int modelChannels = f.getInt("model_channels", 192);
        int channelMultEmb = f.getInt("channel_mult_emb", 4);
        int numBlocks = f.getInt("num_blocks", 3);
        double dropout = f.getDouble("dropout", 0.10);
        double labelDropout = f.getDouble("label_dropout", 0);
        double sigmaData = f.getDouble("sigma_data", 0.5);
        double sigmaMin = f.getDouble("sigma_min", 0);
        boolean guidanceEmbedding = f.getBoolean("guidance_embedding", false);
        validate(src, flavour, imgResolution, imgChannels, labelDim, augmentDim, modelChannels, channelMult,
                channelMultEmb, numBlocks, dropout, labelDropout, sigmaData, sigmaMin, sigmaMax);
        return new UNetConfig(flavour, imgResolution, imgChannels, labelDim, augmentDim, modelChannels, channelMult,
                channelMultEmb, numBlocks, attn, dropout, labelDropout, sigmaData, sigmaMin, sigmaMax, guidanceEmbedding);
    }

    private static void validate(String src, Flavour flavour, int imgResolution, int imgChannels, int labelDim,
                                 int augmentDim, int modelChannels, int[] channelMult, int channelMultEmb, int numBlocks,
                                 double dropout, double labelDropout, double sigmaData, double sigmaMin, double sigmaMax) {
        if (flavour == null) {
            throw new ConfigException(src, "flavour", "missing");
        }
        positive(src, "img_channels", imgChannels);
        positive(src, "model_channels", modelChannels);
        positive(src, "channel_mult_emb", channelMultEmb);
        positive(src, "num_blocks", numBlocks);
        if (labelDim < 0) {
            throw new ConfigException(src, "label_dim", "expected an integer >= 0 (0: unconditional), got " + labelDim);
        }
        if (augmentDim < 0) {
            throw new ConfigException(src, "augment_dim", "expected an integer >= 0 (0: no augmentation labels), got " + augmentDim);
        }
        if (channelMult.length == 0) {
            throw new ConfigException(src, "channel_mult", "expected at least one level");
        }
        for (int i = 0; i < channelMult.length; i++) {
            positive(src, "channel_mult[" + i + "]", channelMult[i]);
            int c = modelChannels * channelMult[i];
            if (c / 4 < 1 || c % groupsOf(c) != 0) {
                throw new ConfigException(src, "channel_mult[" + i + "]", "level " + i + " has " + c
                        + " channels, which GroupNorm's min(32, C/4) groups do not divide");
            }
            int heads = c / CHANNELS_PER_HEAD;
            if (heads > 0 && c % heads != 0) {
                throw new ConfigException(src, "channel_mult[" + i + "]", "level " + i + " has " + c
                        + " channels, which " + heads + " attention heads (C/64) do not divide");
            }
        }
        int levels = channelMult.length;
        if (imgResolution < 1 || imgResolution % (1 << (levels - 1)) != 0) {
            throw new ConfigException(src, "img_resolution", imgResolution + " is not a positive multiple of 2^"
                    + (levels - 1) + " (channel_mult has " + levels + " levels, each after the first halves the resolution)");
        }
        unitInterval(src, "dropout", dropout);
        unitInterval(src, "label_dropout", labelDropout);
        if (!(sigmaData > 0) || Double.isInfinite(sigmaData)) {
            throw new ConfigException(src, "sigma_data", "expected a finite number > 0, got " + sigmaData);
        }
        if (!(sigmaMin >= 0) || !(sigmaMax > sigmaMin)) {
            throw new ConfigException(src, "sigma_max", "expected 0 <= sigma_min < sigma_max, got sigma_min " + sigmaMin
                    + " and sigma_max " + sigmaMax);
        }
    }

    private static void positive(String src, String field, int value) {
        if (value < 1) {
            throw new ConfigException(src, field, "expected a positive integer, got " + value);
        }
    }

    private static void unitInterval(String src, String field, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new ConfigException(src, field, "expected a probability in [0, 1), got " + p);
        }
    }

    /** GroupNorm's group count for C channels in EDM: min(32, C / 4) (at least 4 channels per group). */
    public static int groupsOf(int channels) {
        return Math.min(32, channels / 4);
    }

    /** Attention heads of a block with C output channels: C / 64, so none below 64 channels, as in EDM. */
    public static int headsOf(int channels) {
        return channels / CHANNELS_PER_HEAD;
    }

    /** Channels of the embedding vector: model_channels * channel_mult_emb. */
    public int embChannels() {
        return modelChannels * channelMultEmb;
    }

    public int levels() {
        return channelMult.length;
    }

    /** Resolution of a level: img_resolution >> level. */
    public int resolution(int level) {
        return imgResolution >> level;
    }

    /** Channels of a level's blocks: model_channels * channel_mult[level]. */
    public int channels(int level) {
        return modelChannels * channelMult[level];
    }

    public boolean attentionAt(int resolution) {
        for (int r : attnResolutions) {
            if (r == resolution) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int[] channelMult() {
        return channelMult.clone();
    }

    @Override
    public int[] attnResolutions() {
        return attnResolutions.clone();
    }

    /** A copy with other dropout probabilities (for evaluation copies and tests). */
    public UNetConfig withDropout(double dropout, double labelDropout) {
        return new UNetConfig(flavour, imgResolution, imgChannels, labelDim, augmentDim, modelChannels, channelMult,
                channelMultEmb, numBlocks, attnResolutions, dropout, labelDropout, sigmaData, sigmaMin, sigmaMax, guidanceEmbedding);
    }

    /** A copy in another weight format. */
    public UNetConfig withFlavour(Flavour other) {
        return new UNetConfig(other, imgResolution, imgChannels, labelDim, augmentDim, modelChannels, channelMult,
                channelMultEmb, numBlocks, attnResolutions, dropout, labelDropout, sigmaData, sigmaMin, sigmaMax, guidanceEmbedding);
    }

    /** A copy with or without the guidance-scale input (the guided one-step generator's network). */
    public UNetConfig withGuidanceEmbedding(boolean on) {
        return new UNetConfig(flavour, imgResolution, imgChannels, labelDim, augmentDim, modelChannels, channelMult,
                channelMultEmb, numBlocks, attnResolutions, dropout, labelDropout, sigmaData, sigmaMin, sigmaMax, on);
    }

    /** The fields as config.json writes them ({@code sigma_max} omitted when infinite, JSON having no infinity). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precond", "edm");
        m.put("model_type", "DhariwalUNet");
        m.put("flavour", flavour.jsonName());
        m.put("img_resolution", imgResolution);
        m.put("img_channels", imgChannels);
        m.put("label_dim", labelDim);
        m.put("augment_dim", augmentDim);
        m.put("model_channels", modelChannels);
        m.put("channel_mult", list(channelMult));
        m.put("channel_mult_emb", channelMultEmb);
        m.put("num_blocks", numBlocks);
        m.put("attn_resolutions", list(attnResolutions));
        m.put("dropout", dropout);
        m.put("label_dropout", labelDropout);
        m.put("sigma_data", sigmaData);
        m.put("sigma_min", sigmaMin);
        if (Double.isFinite(sigmaMax)) {
            m.put("sigma_max", sigmaMax);
        }
        if (guidanceEmbedding) {
            m.put("guidance_embedding", true);
        }
        return m;
    }

    private static List<Object> list(int[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UNetConfig c && flavour == c.flavour && imgResolution == c.imgResolution
                && imgChannels == c.imgChannels && labelDim == c.labelDim && augmentDim == c.augmentDim
                && modelChannels == c.modelChannels && Arrays.equals(channelMult, c.channelMult)
                && channelMultEmb == c.channelMultEmb && numBlocks == c.numBlocks
                && Arrays.equals(attnResolutions, c.attnResolutions) && dropout == c.dropout
                && labelDropout == c.labelDropout && sigmaData == c.sigmaData && sigmaMin == c.sigmaMin
                && sigmaMax == c.sigmaMax && guidanceEmbedding == c.guidanceEmbedding;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(channelMult) * 31 + imgResolution * 7 + modelChannels;
    }

    @Override
    public String toString() {
        return Json.write(toJson());
    }
}
