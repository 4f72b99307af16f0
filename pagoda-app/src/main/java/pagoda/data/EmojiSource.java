package pagoda.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import pagoda.image.ByteImage;
import pagoda.image.OnWhite;

/**
 * The colour bitmaps of an emoji font (Noto Color Emoji: 3,926 PNGs of 136 x 128 in its CBDT table), the
 * project's default data set. Each bitmap is decoded, composited onto white ({@link OnWhite}) and cropped
 * to its centred square (136 x 128 loses 4 columns on each side). The image id is the glyph id.
 *
 * <p>Two rules drop images that are not emoji pictures:
 * <ul>
 *   <li>skin-tone swatches: the glyphs of the five Fitzpatrick modifiers U+1F3FB .. U+1F3FF (found through
 *       the cmap), which the font draws as plain colour squares. They are not near-constant (a white margin
 *       and a vertical gradient give them a pixel standard deviation of 30 to 59, above that of real emoji
 *       such as the white square U+25AB at 10), so no pixel statistic separates them; the code points do.</li>
 *   <li>near-constant images: pixel standard deviation over all channels below {@link #NEAR_CONSTANT_STD}
 *       (in 8-bit units), i.e. blank glyphs. Noto Color Emoji 2.042 has none.</li>
 * </ul>
 */
final class EmojiSource implements ImageSource {
    /** U+1F3FB .. U+1F3FF, EMOJI MODIFIER FITZPATRICK TYPE-1-2 .. TYPE-6. */
    static final int[] SKIN_TONE_MODIFIERS = {0x1F3FB, 0x1F3FC, 0x1F3FD, 0x1F3FE, 0x1F3FF};
    /** Images whose pixels vary less than this (standard deviation, 8-bit units) are dropped as blank. */
    static final double NEAR_CONSTANT_STD = 2.0;

    private final Path font;
    private final List<CbdtBitmaps.GlyphPng> bitmaps;
    private final List<SourceItem.Skipped> listingSkips;
    private final Map<Integer, Integer> swatchCodePoint;

    private EmojiSource(Path font, List<CbdtBitmaps.GlyphPng> bitmaps, List<SourceItem.Skipped> listingSkips,
            Map<Integer, Integer> swatchCodePoint) {
        this.font = font;
        this.bitmaps = bitmaps;
        this.listingSkips = listingSkips;
        this.swatchCodePoint = swatchCodePoint;
    }

    static EmojiSource open(Path font) throws IOException {
        Sfnt sfnt = Sfnt.read(font);
        CbdtBitmaps.Strike strike = CbdtBitmaps.read(sfnt);
        List<SourceItem.Skipped> skips = new ArrayList<>();
        for (CbdtBitmaps.Skipped s : strike.skipped()) {
            skips.add(new SourceItem.Skipped("glyph " + s.glyphId(), s.reason()));
        }
        Map<Integer, Integer> swatches = new HashMap<>();
        CmapFormat12.glyphs(sfnt, SKIN_TONE_MODIFIERS).forEach((cp, glyph) -> swatches.put(glyph, cp));
        return new EmojiSource(font, strike.bitmaps(), List.copyOf(skips), swatches);
    }

    @Override
    public String kind() {
        return "emoji";
    }

    @Override
    public String location() {
        return font.toString();
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public List<String> classes() {
        return List.of();
    }

    @Override
    public int size() {
        return bitmaps.size();
    }

    /** The glyph id of item {@code index}. */
    int glyphId(int index) {
        return bitmaps.get(index).glyphId();
    }

    @Override
    public SourceItem item(int index) {
        CbdtBitmaps.GlyphPng g = bitmaps.get(index);
        String name = "glyph " + g.glyphId();
        Integer cp = swatchCodePoint.get(g.glyphId());
        if (cp != null) {
            return new SourceItem.Dropped(name, "skin-tone swatch", String.format(Locale.ROOT, "U+%04X", cp));
        }
        BufferedImage decoded;
        try {
            // an in-memory stream: ImageIO.read(InputStream) would cache the bytes in a temporary file
            decoded = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(g.png())));
        } catch (IOException | RuntimeException e) {
            return new SourceItem.Skipped(name, "PNG at CBDT offset " + g.cbdtOffset() + " does not decode: " + e.getMessage());
        }
        if (decoded == null) {
            return new SourceItem.Skipped(name, "data at CBDT offset " + g.cbdtOffset() + " is not a PNG image");
        }
        ByteImage rgb = OnWhite.rgb(decoded);
        int side = Math.min(rgb.height(), rgb.width());
        ByteImage square = rgb.crop((rgb.height() - side) / 2, (rgb.width() - side) / 2, side, side);
        double std = square.std();
        if (std < NEAR_CONSTANT_STD) {
            return new SourceItem.Dropped(name, "near-constant", String.format(Locale.ROOT, "pixel std %.2f < %.1f", std,
                    NEAR_CONSTANT_STD));
        }
        return new SourceItem.Kept(g.glyphId(), -1, HeldOut.isTest(g.glyphId()), square);
    }

    @Override
    public List<SourceItem.Skipped> listingSkips() {
        return listingSkips;
    }
}
