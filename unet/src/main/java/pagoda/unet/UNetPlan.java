package pagoda.unet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The layer sequence of a {@code DhariwalUNet} (NVlabs/edm training/networks.py) for one config: the
 * encoder's stem conv and blocks, the decoder's blocks, with EDM's names ({@code 16x16_block0},
 * {@code 8x8_down}, {@code 8x8_in0}, {@code 16x16_up}) and channel counts. {@link DhariwalUNet} builds its
 * modules from it and {@link GuidedDiffusionKeys} maps names with it, so the two never disagree.
 */
public record UNetPlan(List<Layer> encoder, List<Layer> decoder) {

    /**
     * One entry of {@code model.enc} or {@code model.dec}.
     *
     * @param stem      the encoder's first 3x3 conv (no embedding, no norm), else a {@code UNetBlock}
     * @param heads     attention heads, 0 for none (EDM: C / 64 when the block has attention, so none below 64 channels)
     * @param level     the resolution level (0 = full resolution)
     */
    public record Layer(String name, boolean stem, int in, int out, boolean up, boolean down, int heads, int level) {
        /** A block whose skip path changes the channels or resolution: EDM gives it a {@code skip} Conv2d. */
        public boolean hasSkip() {
            return !stem && (in != out || up || down);
        }

        /** The skip path has a 1x1 conv (channels change), not only resampling. */
        public boolean skipHasWeight() {
            return !stem && in != out;
        }
    }

    public static UNetPlan of(UNetConfig c) {
        List<Layer> enc = new ArrayList<>();
        int cout = c.imgChannels();
        for (int level = 0; level < c.levels(); level++) {
            int res = c.resolution(level);
            if (level == 0) {
                int cin = cout;
                cout = c.channels(level);
                enc.add(new Layer(res + "x" + res + "_conv", true, cin, cout, false, false, 0, level));
            } else {
                enc.add(new Layer(res + "x" + res + "_down", false, cout, cout, false, true, 0, level));
            }
            for (int i = 0; i < c.numBlocks(); i++) {
                int cin = cout;
                cout = c.channels(level);
                enc.add(new Layer(res + "x" + res + "_block" + i, false, cin, cout, false, false,
                        c.attentionAt(res) ? UNetConfig.headsOf(cout) : 0, level));
            }
        }
        Deque<Integer> skips = new ArrayDeque<>();
        for (Layer l : enc) {
            skips.push(l.out());
        }
        List<Layer> dec = new ArrayList<>();
        for (int level = c.levels() - 1; level >= 0; level--) {
            int res = c.resolution(level);
            String prefix = res + "x" + res;
            if (level == c.levels() - 1) {
                dec.add(new Layer(prefix + "_in0", false, cout, cout, false, false, UNetConfig.headsOf(cout), level));
                dec.add(new Layer(prefix + "_in1", false, cout, cout, false, false, 0, level));
            } else {
                dec.add(new Layer(prefix + "_up", false, cout, cout, true, false, 0, level));
            }
            for (int i = 0; i <= c.numBlocks(); i++) {
                int cin = cout + skips.pop();
                cout = c.channels(level);
                dec.add(new Layer(prefix + "_block" + i, false, cin, cout, false, false,
                        c.attentionAt(res) ? UNetConfig.headsOf(cout) : 0, level));
            }
        }
        return new UNetPlan(List.copyOf(enc), List.copyOf(dec));
    }

    /** Channels entering {@code out_norm}: those of the last decoder block. */
    public int outChannels() {
        return decoder.getLast().out();
    }
}
