package pagoda.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a minimal sfnt font with cmap (format 12), CBLC and CBDT tables from the OpenType spec's field
 * layouts, so the CBDT reader is tested without the font package. Each sub-table is written in the index
 * format asked for; glyph records carry the bitmap data in the image format asked for.
 */
final class SyntheticFont {
    /** One glyph's bitmap payload (a PNG for formats 17-19, anything for other formats). */
    record Glyph(int id, byte[] data) {
    }

    private record SubTable(int indexFormat, int imageFormat, List<Glyph> glyphs) {
    }

    private final List<SubTable> subTables = new ArrayList<>();
    private final Map<Integer, Integer> cmap = new TreeMap<>();
    private final Map<String, byte[]> extraTables = new LinkedHashMap<>();
    private boolean withCblc = true;

    SyntheticFont subTable(int indexFormat, int imageFormat, Glyph... glyphs) {
        subTables.add(new SubTable(indexFormat, imageFormat, List.of(glyphs)));
        return this;
    }

    SyntheticFont map(int codePoint, int glyph) {
        cmap.put(codePoint, glyph);
        return this;
    }

    SyntheticFont withoutCblc() {
        withCblc = false;
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream cbdt = new ByteArrayOutputStream();
        cbdt.writeBytes(new byte[] {0, 3, 0, 0});
        List<byte[]> subs = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        for (SubTable st : subTables) {
            int dataOffset = cbdt.size();
            List<byte[]> records = new ArrayList<>();
            for (Glyph g : st.glyphs()) {
                records.add(record(st.imageFormat(), g.data()));
            }
            int constant = records.stream().mapToInt(r -> r.length).max().orElse(0);
            if (st.indexFormat() == 2 || st.indexFormat() == 5) {
                records.replaceAll(r -> Arrays.copyOf(r, constant));
            }
            List<Integer> offsets = new ArrayList<>();
            for (byte[] r : records) {
                offsets.add(cbdt.size() - dataOffset);
                cbdt.writeBytes(r);
            }
            offsets.add(cbdt.size() - dataOffset);
            int first = st.glyphs().getFirst().id();
            int last = st.glyphs().getLast().id();
            ranges.add(new int[] {first, last});
            subs.add(indexSubTable(st, dataOffset, offsets, constant, first, last));
        }
        Map<String, byte[]> tables = new TreeMap<>();
        tables.put("CBDT", cbdt.toByteArray());
        if (withCblc) {
            tables.put("CBLC", cblc(subs, ranges));
        }
        tables.put("cmap", cmapTable());
        tables.putAll(extraTables);
        return sfnt(tables);
    }

    private static byte[] record(int imageFormat, byte[] data) {
        int metrics = switch (imageFormat) {
            case 17 -> 5;
            case 18 -> 8;
            case 19 -> 0;
            default -> -1;
        };
        if (metrics < 0) {
            return data.clone();
        }
        ByteBuffer b = ByteBuffer.allocate(metrics + 4 + data.length);
        b.put(new byte[metrics]).putInt(data.length).put(data);
        return b.array();
    }

    /** An index sub-table; glyphs absent from a dense range (formats 1 and 3) get an empty record. */
    private static byte[] indexSubTable(SubTable st, int dataOffset, List<Integer> offsets, int constant, int first, int last) {
        ByteBuffer b = ByteBuffer.allocate(64 + 8 * (last - first + 2) + 8 * offsets.size());
        b.putShort((short) st.indexFormat()).putShort((short) st.imageFormat()).putInt(dataOffset);
        switch (st.indexFormat()) {
            case 1, 3 -> {
                int k = 0;
                for (int g = first; g <= last + 1; g++) {
                    while (k < st.glyphs().size() && st.glyphs().get(k).id() < g) {
                        k++;
                    }
                    int off = offsets.get(k);
                    if (st.indexFormat() == 1) {
                        b.putInt(off);
                    } else {
                        b.putShort((short) off);
                    }
                }
            }
            case 2 -> b.putInt(constant).put(new byte[8]);
            case 4 -> {
                b.putInt(st.glyphs().size());
                for (int k = 0; k <= st.glyphs().size(); k++) {
                    int id = k < st.glyphs().size() ? st.glyphs().get(k).id() : 0;
                    b.putShort((short) id).putShort((short) (int) offsets.get(k));
                }
            }
            case 5 -> {
                b.putInt(constant).put(new byte[8]).putInt(st.glyphs().size());
                for (Glyph g : st.glyphs()) {
                    b.putShort((short) g.id());
                }
            }
            default -> throw new IllegalArgumentException("index format " + st.indexFormat());
        }
        byte[] out = new byte[(b.position() + 3) & ~3];
        System.arraycopy(b.array(), 0, out, 0, b.position());
        return out;
    }

    private static byte[] cblc(List<byte[]> subs, List<int[]> ranges) {
        int arrayOffset = 8 + 48;
        int arraySize = 8 * subs.size();
        int total = arrayOffset + arraySize + subs.stream().mapToInt(s -> s.length).sum();
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putShort((short) 3).putShort((short) 0).putInt(1);
        b.putInt(arrayOffset).putInt(total - arrayOffset).putInt(subs.size()).putInt(0);
        b.put(new byte[24]);
        b.putShort((short) 0).putShort((short) 0xFFFF).put((byte) 109).put((byte) 109).put((byte) 32).put((byte) 1);
        int sub = arraySize;
        for (int i = 0; i < subs.size(); i++) {
            b.putShort((short) ranges.get(i)[0]).putShort((short) ranges.get(i)[1]).putInt(sub);
            sub += subs.get(i).length;
        }
        for (byte[] s : subs) {
            b.put(s);
        }
        return b.array();
    }

    private byte[] cmapTable() {
        ByteBuffer b = ByteBuffer.allocate(12 + 16 + 12 * cmap.size());
        b.putShort((short) 0).putShort((short) 1).putShort((short) 3).putShort((short) 10).putInt(12);
        b.putShort((short) 12).putShort((short) 0).putInt(16 + 12 * cmap.size()).putInt(0).putInt(cmap.size());
        cmap.forEach((cp, g) -> b.putInt(cp).putInt(cp).putInt(g));
        return b.array();
    }

    private static byte[] sfnt(Map<String, byte[]> tables) {
        int offset = 12 + 16 * tables.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer dir = ByteBuffer.allocate(offset);
        dir.putInt(0x00010000).putShort((short) tables.size()).putShort((short) 0).putShort((short) 0).putShort((short) 0);
        List<byte[]> bodies = new ArrayList<>();
        for (Map.Entry<String, byte[]> t : tables.entrySet()) {
            byte[] body = t.getValue();
            dir.put(t.getKey().getBytes(StandardCharsets.ISO_8859_1)).putInt(0).putInt(offset).putInt(body.length);
            byte[] padded = Arrays.copyOf(body, (body.length + 3) & ~3);
            bodies.add(padded);
            offset += padded.length;
        }
        out.writeBytes(dir.array());
        bodies.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
