package pagoda.unet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/**
 * Converts state dicts between EDM's format and the guided-diffusion format of openai/consistency_models'
 * ADM checkpoints ({@code cm/unet.py UNetModel} with {@code resblock_updown}, {@code use_scale_shift_norm},
 * 64-channel heads and flash attention; {@code edm_imagenet64_ema.pt}). The architecture is the same
 * (../shared/docs/pagoda-spec.md, "Stage 1"); only names and three layouts differ:
 *
 * <table>
 *   <caption>Key mapping (EDM keys carry the prefix {@code model.}; guided-diffusion keys none)</caption>
 *   <tr><th>EDM</th><th>guided-diffusion</th></tr>
 *   <tr><td>map_layer0, map_layer1</td><td>time_embed.0, time_embed.2</td></tr>
 *   <tr><td>map_label.weight [E, L]</td><td>label_emb.weight [L, E] (an embedding table: transposed)</td></tr>
 *   <tr><td>enc.RxR_conv</td><td>input_blocks.0.0</td></tr>
 *   <tr><td>enc.* (i-th entry, blocks and _down)</td><td>input_blocks.i.0, attention input_blocks.i.1</td></tr>
 *   <tr><td>dec.RxR_in0, dec.RxR_in1</td><td>middle_block.0 with attention middle_block.1, middle_block.2</td></tr>
 *   <tr><td>dec.RxR_blockI (j-th such block)</td><td>output_blocks.j.0, attention output_blocks.j.1</td></tr>
 *   <tr><td>dec.RxR_up</td><td>the last layer of the output block before it (output_blocks.j.1 or .2)</td></tr>
 *   <tr><td>out_norm, out_conv</td><td>out.0, out.2</td></tr>
 *   <tr><td>block norm0, conv0, affine, norm1, conv1, skip</td><td>in_layers.0, in_layers.2, emb_layers.1,
 *       out_layers.0, out_layers.3, skip_connection</td></tr>
 *   <tr><td>block norm2, qkv, proj</td><td>attention norm, qkv, proj_out</td></tr>
 * </table>
 *
 * <p>Layouts: EDM splits qkv's 3C output channels as [heads][64][3] (a reshape to (N heads, C/heads, 3, HW)),
 * guided-diffusion as [3][heads][64] (the rearrange "b (three h d) s"); the rows of {@code qkv.weight} and
 * {@code qkv.bias} are permuted accordingly. guided-diffusion's 1x1 attention convs may be 1-D ([3C, C, 1],
 * the original repository) or 2-D ([3C, C, 1, 1], consistency_models); both are read, 2-D is written. EDM's
 * {@code resample_filter} buffers (the constant [1, 1] filter) have no counterpart and are regenerated.
 * Augmentation labels ({@code augment_dim > 0}) do not exist in guided-diffusion. One architectural
 * difference remains outside the mapping: guided-diffusion normalises with 32 groups at every width, EDM
 * with min(32, C/4); they agree from 128 channels up, which covers every layer of the ImageNet-64 model,
 * and this module always uses EDM's rule.
 */
public final class GuidedDiffusionKeys {
    private static final String[][] BLOCK_PARTS = {
        {"norm0", "in_layers.0"}, {"conv0", "in_layers.2"}, {"affine", "emb_layers.1"}, {"norm1", "out_layers.0"},
        {"conv1", "out_layers.3"}, {"skip", "skip_connection"}};
    private static final String[][] ATTENTION_PARTS = {{"norm2", "norm"}, {"qkv", "qkv"}, {"proj", "proj_out"}};

    private GuidedDiffusionKeys() {
    }

    /** One parameter in both formats; {@code heads > 0} marks a qkv tensor whose rows are permuted. */
    private record Pair(String edm, String gd, int heads, boolean transposed, boolean conv1x1) {
    }

    /** EDM's state dict (parameters and resample buffers) in guided-diffusion form. */
    public static Map<String, Tensor> toGuidedDiffusion(UNetConfig config, Map<String, Tensor> edm) {
        requireNoAugment(config);
        Map<String, Tensor> out = new LinkedHashMap<>();
        TreeSet<String> left = new TreeSet<>(edm.keySet());
        for (Pair p : pairs(config)) {
            Tensor t = take(edm, left, p.edm(), "EDM state dict");
            if (p.heads() > 0) {
                t = qkvEdmToGd(t, p.heads());
            }
            out.put(p.gd(), p.transposed() ? t.transpose(0, 1).contiguous() : t);
        }
        left.removeIf(k -> k.endsWith(".resample_filter"));
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("EDM state dict: unexpected keys for this config: " + shown(left));
        }
        return out;
    }

    /**
     * A guided-diffusion state dict in EDM form, without resample buffers (the model creates them).
     *
     * @throws IllegalArgumentException naming missing, unexpected or mis-shaped keys
     */
    public static Map<String, Tensor> toEdm(UNetConfig config, Map<String, Tensor> gd) {
        requireNoAugment(config);
        Map<String, Tensor> out = new LinkedHashMap<>();
        TreeSet<String> left = new TreeSet<>(gd.keySet());
        for (Pair p : pairs(config)) {
            Tensor t = take(gd, left, p.gd(), "guided-diffusion state dict");
            if (p.conv1x1() && t.rank() == 3) {
                t = t.reshape(t.size(0), t.size(1), 1, 1);
            }
            if (p.heads() > 0) {
                t = qkvGdToEdm(t, p.heads());
            }
            out.put(p.edm(), p.transposed() ? t.transpose(0, 1).contiguous() : t);
        }
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("guided-diffusion state dict: unexpected keys for this config: " + shown(left));
        }
        return out;
    }

    private static void requireNoAugment(UNetConfig config) {
        if (config.augmentDim() > 0) {
            throw new IllegalArgumentException("augment_dim " + config.augmentDim()
                    + ": guided-diffusion checkpoints have no augmentation-label input (expected augment_dim 0)");
        }
    }

    private static Tensor take(Map<String, Tensor> from, TreeSet<String> left, String key, String what) {
        Tensor t = from.get(key);
        if (t == null) {
            throw new IllegalArgumentException(what + ": missing key '" + key + "'");
        }
        left.remove(key);
        return t;
    }

    /** Rows [heads][ch][3] to [3][heads][ch]. */
    static Tensor qkvEdmToGd(Tensor t, int heads) {
        int rows = t.size(0);
        int[] rest = restShape(t);
        Tensor v = t.contiguous().reshape(cat(new int[] {heads, rows / (3 * heads), 3}, rest));
        return v.permute(permutation(new int[] {2, 0, 1}, rest.length)).contiguous().reshape(t.shape());
    }

    /** Rows [3][heads][ch] to [heads][ch][3]. */
    static Tensor qkvGdToEdm(Tensor t, int heads) {
        int rows = t.size(0);
        if (rows % (3 * heads) != 0) {
            throw new IllegalArgumentException("qkv tensor " + Shapes.str(t.shape()) + " does not split into 3 x "
                    + heads + " heads");
        }
        int[] rest = restShape(t);
        Tensor v = t.contiguous().reshape(cat(new int[] {3, heads, rows / (3 * heads)}, rest));
        return v.permute(permutation(new int[] {1, 2, 0}, rest.length)).contiguous().reshape(t.shape());
    }

    private static int[] restShape(Tensor t) {
        int[] s = t.shape();
        int[] rest = new int[s.length - 1];
        System.arraycopy(s, 1, rest, 0, rest.length);
        return rest;
    }

    private static int[] cat(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] permutation(int[] head, int restDims) {
        int[] order = new int[head.length + restDims];
        System.arraycopy(head, 0, order, 0, head.length);
        for (int i = 0; i < restDims; i++) {
            order[head.length + i] = head.length + i;
        }
        return order;
    }

    private static List<Pair> pairs(UNetConfig config) {
        UNetPlan plan = UNetPlan.of(config);
        List<Pair> pairs = new ArrayList<>();
        linear(pairs, "model.map_layer0", "time_embed.0", true);
        linear(pairs, "model.map_layer1", "time_embed.2", true);
        if (config.labelDim() > 0) {
            pairs.add(new Pair("model.map_label.weight", "label_emb.weight", 0, true, false));
        }
        int index = 0;
        for (UNetPlan.Layer l : plan.encoder()) {
            String gd = "input_blocks." + index++;
            if (l.stem()) {
                linear(pairs, "model.enc." + l.name(), gd + ".0", true);
            } else {
                block(pairs, "model.enc." + l.name(), gd, l);
            }
        }
        int j = 0;
        String lastGd = null;
        int lastParts = 0;
        for (UNetPlan.Layer l : plan.decoder()) {
            String edm = "model.dec." + l.name();
            if (l.name().endsWith("_in0")) {
                block(pairs, edm, "middle_block", l);
            } else if (l.name().endsWith("_in1")) {
                resBlock(pairs, edm, "middle_block.2", l);
            } else if (l.up()) {
                resBlock(pairs, edm, lastGd + "." + lastParts, l);
            } else {
                lastGd = "output_blocks." + j++;
                lastParts = l.heads() > 0 ? 2 : 1;
                block(pairs, edm, lastGd, l);
            }
        }
        linear(pairs, "model.out_norm", "out.0", true);
        linear(pairs, "model.out_conv", "out.2", true);
        return pairs;
    }

    /** A UNetBlock: the ResBlock at {@code gd}.0 and its attention at {@code gd}.1. */
    private static void block(List<Pair> pairs, String edm, String gd, UNetPlan.Layer l) {
        resBlock(pairs, edm, gd + ".0", l);
        if (l.heads() > 0) {
            for (String[] part : ATTENTION_PARTS) {
                boolean qkv = part[0].equals("qkv");
                boolean conv = !part[0].equals("norm2");
                pairs.add(new Pair(edm + "." + part[0] + ".weight", gd + ".1." + part[1] + ".weight", qkv ? l.heads() : 0, false, conv));
                pairs.add(new Pair(edm + "." + part[0] + ".bias", gd + ".1." + part[1] + ".bias", qkv ? l.heads() : 0, false, false));
            }
        }
    }

    private static void resBlock(List<Pair> pairs, String edm, String gd, UNetPlan.Layer l) {
        for (String[] part : BLOCK_PARTS) {
            if (part[0].equals("skip") && !l.skipHasWeight()) {
                continue;
            }
            linear(pairs, edm + "." + part[0], gd + "." + part[1], true);
        }
    }

    private static void linear(List<Pair> pairs, String edm, String gd, boolean bias) {
        pairs.add(new Pair(edm + ".weight", gd + ".weight", 0, false, false));
        if (bias) {
            pairs.add(new Pair(edm + ".bias", gd + ".bias", 0, false, false));
        }
    }

    private static String shown(TreeSet<String> keys) {
        List<String> list = new ArrayList<>(keys);
        return String.join(", ", list.subList(0, Math.min(10, list.size()))) + (list.size() > 10 ? ", ..." : "");
    }
}
