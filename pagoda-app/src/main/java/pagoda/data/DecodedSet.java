package pagoda.data;

import java.util.List;

/**
 * Every kept image of one source at one resolution, all splits, in source order: what a cache file holds.
 * {@code pixels} is [N, C, R, R] 8-bit, row-major; {@code labels} is -1 throughout for unlabelled sources;
 * {@code test} marks the held-out images.
 */
record DecodedSet(String kind, String location, int resolution, int channels, List<String> classes, long[] ids, int[] labels,
        boolean[] test, byte[] pixels, List<SourceItem.Skipped> skipped, List<SourceItem.Dropped> dropped) {

    int size() {
        return ids.length;
    }

    int imageBytes() {
        return channels * resolution * resolution;
    }

    int testCount() {
        int n = 0;
        for (boolean t : test) {
            n += t ? 1 : 0;
        }
        return n;
    }
}
