package pagoda.cuda.kernels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The module's CUDA sources and checked-in PTX, read from the source tree (the build passes its path). */
final class Sources {
    private Sources() {
    }

    static Path cuda() {
        String p = System.getProperty("pagoda.cuda.sources", "src/main/cuda");
        return Path.of(p);
    }

    static Path ptx() {
        return cuda().getParent().resolve("resources/pagoda/cuda/ptx");
    }

    /** File names in {@code dir} ending in {@code suffix}, sorted as C's strcmp sorts them (ptx.sh uses LC_ALL=C). */
    static List<String> names(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> n = new ArrayList<>();
            s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(suffix)).sorted().forEach(n::add);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
