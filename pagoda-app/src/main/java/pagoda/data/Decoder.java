package pagoda.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import pagoda.image.ByteImage;
import pagoda.image.CenterCrop;

/**
 * Decodes a source once and takes every kept image to each requested resolution with the reference
 * pipeline ({@link CenterCrop}), so the views at 16, 32, 64 and 128 hold the same images under the same
 * ids, in the same order. Items are decoded in parallel (the common fork-join pool) and each writes its own
 * slot, so the result does not depend on scheduling; only the small outputs are kept, never a source image
 * longer than its own decode.
 */
final class Decoder {
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private Decoder() {
    }

    /** One decoded set per resolution, in the order given. */
    static List<DecodedSet> decode(ImageSource src, int[] resolutions, DataLog log) {
        int n = src.size();
        int c = src.channels();
        byte[][] slots = new byte[resolutions.length][];
        for (int r = 0; r < resolutions.length; r++) {
            long bytes = (long) n * c * resolutions[r] * resolutions[r];
            if (bytes > MAX_BYTES) {
                throw new DataException(src.kind() + " " + src.location() + ": " + n + " images at " + resolutions[r] + "x" + resolutions[r]
                        + " need " + bytes + " bytes, more than one array holds (2 GiB); use a lower resolution or fewer images");
            }
            slots[r] = new byte[(int) bytes];
        }
        SourceItem[] items = new SourceItem[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            SourceItem item = src.item(i);
            if (item instanceof SourceItem.Kept k) {
                if (k.image().channels() != c) {
                    throw new IllegalStateException(src.kind() + " item " + i + " has " + k.image().channels() + " channels, the source " + c);
                }
                for (int r = 0; r < resolutions.length; r++) {
                    int per = c * resolutions[r] * resolutions[r];
                    ByteImage out = CenterCrop.toResolution(k.image(), resolutions[r]);
                    System.arraycopy(out.data(), 0, slots[r], i * per, per);
                }
                item = new SourceItem.Kept(k.id(), k.label(), k.test(), null);
            }
            items[i] = item;
        });
        return assemble(src, resolutions, slots, items, log);
    }

    private static List<DecodedSet> assemble(ImageSource src, int[] resolutions, byte[][] slots, SourceItem[] items, DataLog log) {
        List<SourceItem.Skipped> skipped = new ArrayList<>(src.listingSkips());
        List<SourceItem.Dropped> dropped = new ArrayList<>();
        int kept = 0;
        for (int i = 0; i < items.length; i++) {
            switch (items[i]) {
                case SourceItem.Kept k -> {
                    for (int r = 0; r < resolutions.length; r++) {
                        int per = src.channels() * resolutions[r] * resolutions[r];
                        System.arraycopy(slots[r], i * per, slots[r], kept * per, per);
                    }
                    items[kept++] = k;
                }
                case SourceItem.Skipped s -> skipped.add(s);
                case SourceItem.Dropped d -> dropped.add(d);
            }
        }
        for (SourceItem.Skipped s : skipped) {
            log.line("skipped " + s.item() + ": " + s.reason());
        }
        for (SourceItem.Dropped d : dropped) {
            log.line("dropped " + d.item() + ": " + d.rule() + " (" + d.detail() + ")");
        }
        if (kept == 0) {
            throw new DataException(src.kind() + " source " + src.location() + ": no usable image (" + items.length + " items, "
                    + skipped.size() + " skipped, " + dropped.size() + " dropped)");
        }
        long[] ids = new long[kept];
        int[] labels = new int[kept];
        boolean[] test = new boolean[kept];
        Map<Long, Integer> seen = new HashMap<>();
        for (int i = 0; i < kept; i++) {
            SourceItem.Kept k = (SourceItem.Kept) items[i];
            ids[i] = k.id();
            labels[i] = k.label();
            test[i] = k.test();
            Integer before = seen.put(k.id(), i);
            if (before != null) {
                throw new DataException(src.kind() + " source " + src.location() + ": images " + before + " and " + i + " share the id " + k.id());
            }
        }
        List<DecodedSet> sets = new ArrayList<>();
        for (int r = 0; r < resolutions.length; r++) {
            int per = src.channels() * resolutions[r] * resolutions[r];
            sets.add(new DecodedSet(src.kind(), src.location(), resolutions[r], src.channels(), src.classes(), ids, labels, test,
                    kept == items.length ? slots[r] : Arrays.copyOf(slots[r], kept * per), List.copyOf(skipped), List.copyOf(dropped)));
        }
        return sets;
    }
}
