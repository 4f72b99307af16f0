package pagoda.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pagoda.decoder.DecoderConfig;
import pagoda.decoder.DecoderRun;
import pagoda.decoder.GeneratorFiles;
import pagoda.decoder.GrownGenerator;
import pagoda.decoder.TrainableGenerator;
import pagoda.teacher.Teacher;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.io.Json;
import pagoda.tensor.io.JsonFields;

/**
 * {@code pagoda grow}: PaGoDA's stage 3, one 2x growth of a one-step generator ({@link GrownGenerator}) trained
 * against the same images at the new resolution, the latents still the teacher's; a decoder run folder like
 * train-decoder's, plus {@value #GROW} (where it grew from, the stage's width, the first trainable block).
 */
@Command(name = "grow", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Grows a one-step generator 2x (stage 3) and trains it at the new resolution.",
                "Appends an up-sampling and two residual blocks with their own output head to the generator of",
                "--from (starting as its nearest-neighbour up-sample), freezes the trunk before --train-from, and",
                "trains on the pairs' latents against their images at --resolution. Writes a run folder as",
                "train-decoder does (--generator RUN); --teacher and --pairs default to those of --from."})
final class GrowCommand extends DecoderCommand {
    static final String GROW = "grow.json";

    @Option(names = "--from", paramLabel = "RUN", description = "The generator to grow: a train-decoder or grow run, or an "
            + "export of one (required for a new run).")
    Path from;

    @Option(names = "--resolution", paramLabel = "R", converter = Converters.PositiveInt.class,
            description = "The new resolution: twice that of --from (required for a new run).")
    Integer resolution;

    @Option(names = "--width", paramLabel = "C", converter = Converters.PositiveInt.class,
            description = "Channels of the new blocks (default: the teacher's base width, model_channels).")
    Integer width;

    @Option(names = "--train-from", paramLabel = "BLOCK",
            description = "The first decoder block of stage 2's network that trains; the trunk before it is frozen "
                    + "(default: the last three blocks of the second-to-last level, as the reference).")
    String trainFrom;

    /** A growth's record in {@value #GROW}. */
    private record Growth(Path from, int resolution, int width, String trainFrom) {
    }

    private Growth growth;
    private TrainableGenerator previous;

    private Growth growth() throws IOException {
        if (growth != null) {
            return growth;
        }
        if (resume) {
            Path file = out.resolve(GROW);
            if (!Files.isRegularFile(file)) {
                throw bad("--out " + out + " --resume: no " + GROW + ", not a grow run");
            }
            JsonFields f = Json.readObject(file);
            growth = new Growth(Path.of(f.getString("from")), f.getInt("resolution"), f.getInt("width"), f.getString("train_from"));
            return growth;
        }
        if (from == null) {
            throw bad("--from: a new growth needs the generator to grow (a train-decoder or grow run)");
        }
        if (resolution == null) {
            throw bad("--resolution: a new growth needs its resolution, twice that of --from");
        }
        try {
            GeneratorFiles.check(from);
        } catch (IllegalArgumentException e) {
            throw bad("--from " + from + ": " + e.getMessage());
        }
        growth = new Growth(from.toAbsolutePath(), resolution, width != null ? width : -1, trainFrom);
        return growth;
    }

    private TrainableGenerator previous(CpuBackend backend) throws IOException {
        if (previous == null) {
            Growth gr = growth();
            String option = resume ? "--from (" + GROW + ") " : "--from ";
            try {
                previous = GeneratorFiles.load(gr.from(), backend);
            } catch (IllegalArgumentException e) {
                throw bad(option + gr.from() + ": " + e.getMessage());
            }
            if (gr.resolution() != 2 * previous.resolution()) {
                throw bad("--resolution " + gr.resolution() + ": expected " + 2 * previous.resolution() + ", twice the resolution of "
                        + option + gr.from() + " (" + previous.resolution() + "x" + previous.resolution() + ")");
            }
        }
        return previous;
    }

    @Override
    TrainableGenerator generator(DecoderRun run, DecoderConfig cfg, Teacher t, CpuBackend backend) throws IOException {
        TrainableGenerator p = previous(backend);
        if (p.latentResolution() != t.config().imgResolution() || p.channels() != t.config().imgChannels()) {
            throw bad("--from " + growth().from() + ": the generator takes " + p.channels() + "x" + p.latentResolution()
                    + " latents, the teacher " + t.name() + " makes " + t.config().imgChannels() + "x" + t.config().imgResolution());
        }
        Growth gr = growth();
        int w = gr.width() > 0 ? gr.width() : t.config().modelChannels();
        GrownGenerator g;
        try {
            g = GrownGenerator.grow(p, w, cfg.seed(), backend);
        } catch (IllegalArgumentException e) {
            throw bad("--width " + w + ": " + e.getMessage());
        }
        String first = gr.trainFrom() != null ? gr.trainFrom() : GrownGenerator.defaultFirstTrainable(g.baseConfig());
        try {
            g.freezeTrunk(first);
        } catch (IllegalArgumentException e) {
            throw bad("--train-from " + first + ": " + e.getMessage());
        }
        growth = new Growth(gr.from(), gr.resolution(), w, first);
        return g;
    }

    @Override
    int imageResolution(DecoderConfig cfg, Teacher t) throws IOException {
        return growth().resolution();
    }

    @Override
    Map<String, Object> extraOverrides() {
        return Map.of();
    }

    @Override
    List<String> fixedOnResume() {
        return List.of("--teacher", "--pairs", "--from", "--resolution", "--width", "--train-from");
    }

    @Override
    String defaultTeacher() throws IOException {
        JsonFields f = fromOptions();
        return f != null ? f.getString("teacher", Teacher.DEFAULT) : Teacher.DEFAULT;
    }

    @Override
    Path defaultPairs() throws IOException {
        JsonFields f = fromOptions();
        return f != null && f.has("pairs") ? Path.of(f.getString("pairs")) : null;
    }

    /** The decoder.json of the run grown from, when it is a run (not an export). */
    private JsonFields fromOptions() throws IOException {
        Path file = growth().from().resolve(DecoderRun.OPTIONS);
        return Files.isRegularFile(file) ? Json.readObject(file) : null;
    }

    @Override
    void created(DecoderRun run) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", growth.from().toString());
        m.put("resolution", (long) growth.resolution());
        m.put("width", (long) growth.width());
        m.put("train_from", growth.trainFrom());
        Json.writeFile(run.dir().resolve(GROW), m);
    }

    @Override
    String initDescription(DecoderConfig cfg) {
        return String.format(Locale.ROOT, "grown from %s, %d -> %d, width %d, trainable from %s", growth.from(),
                growth.resolution() / 2, growth.resolution(), growth.width(), growth.trainFrom());
    }
}
