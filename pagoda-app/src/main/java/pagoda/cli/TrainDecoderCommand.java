package pagoda.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pagoda.decoder.DecoderConfig;
import pagoda.decoder.DecoderRun;
import pagoda.decoder.DecoderTrainer;
import pagoda.decoder.TrainableGenerator;
import pagoda.teacher.Teacher;
import pagoda.tensor.cpu.CpuBackend;

/**
 * {@code pagoda train-decoder}: trains PaGoDA's one-step generator at the teacher's resolution from the
 * teacher's latent pairs into a run folder ({@link DecoderRun}), or continues one with {@code --resume}.
 */
@Command(name = "train-decoder", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Trains the one-step generator (stage 2) on the teacher's pairs.",
                "G is a copy of the teacher called once at sigma = 80; it learns to decode the latents of",
                "./pagoda encode (perceptual reconstruction loss) and to fool a projected hinge GAN on fresh",
                "noise (adaptive weight). Writes RUN/config.json, generator.json, decoder.json, checkpoints/,",
                "model.safetensors (G's EMA: --generator RUN), log.jsonl, loss.png, gan.png, reconstructions/",
                "and samples/; Ctrl-C finishes the current step and writes a checkpoint."})
final class TrainDecoderCommand extends DecoderCommand {
    @Option(names = "--random-init", description = "Ablation: G starts from EDM's random initialisation, not the teacher.")
    boolean randomInit;

    @Override
    TrainableGenerator generator(DecoderRun run, DecoderConfig cfg, Teacher t, CpuBackend backend) {
        return DecoderTrainer.stage2Generator(cfg, t.net(), backend);
    }

    @Override
    int imageResolution(DecoderConfig cfg, Teacher t) {
        return t.config().imgResolution();
    }

    @Override
    Map<String, Object> extraOverrides() {
        Map<String, Object> o = new LinkedHashMap<>();
        DecoderOptions.putIf(o, "random_init", randomInit ? true : null);
        return o;
    }

    @Override
    List<String> fixedOnResume() {
        return List.of("--teacher", "--pairs", "--random-init");
    }

    @Override
    String defaultTeacher() {
        return Teacher.DEFAULT;
    }

    @Override
    Path defaultPairs() {
        return null;
    }

    @Override
    void created(DecoderRun run) {
    }

    @Override
    String initDescription(DecoderConfig cfg) {
        return cfg.randomInit() ? "random init" : "from the teacher";
    }
}
