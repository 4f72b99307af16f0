package pagoda.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pagoda.decoder.DecoderConfig;
import pagoda.decoder.DecoderRun;
import pagoda.decoder.DecoderTrainer;
import pagoda.decoder.GuidanceBank;
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

    @Option(names = "--guidance-bank", paramLabel = "FILE",
            description = "Trains the guided generator G(z, y, w): adds w_distill |G(80 eps, y, w) - x_w|^2 towards the guided "
                    + "teacher's samples of this bank (./pagoda guidance-bank, made by the same teacher).")
    Path guidanceBank;

    @Option(names = "--distill-weight", paramLabel = "W", converter = Converters.NonNegativeNumber.class,
            description = "w_distill of the guided generator's distillation term (default: 1).")
    Double distillWeight;

    @Override
    TrainableGenerator generator(DecoderRun run, DecoderConfig cfg, Teacher t, CpuBackend backend) throws IOException {
        if (cfg.guided()) {
            checkBank(Path.of(cfg.guidanceBank()), t);
        }
        return DecoderTrainer.stage2Generator(cfg, t.net(), backend);
    }

    /** The bank's targets must be this teacher's guided samples. */
    private void checkBank(Path file, Teacher t) throws IOException {
        GuidanceBank bank;
        try {
            bank = GuidanceBank.read(file);
        } catch (IllegalArgumentException e) {
            throw bad("--guidance-bank " + file + ": " + e.getMessage());
        }
        if (!bank.teacherSha256().equals(t.weightsSha256())) {
            throw bad("--guidance-bank " + file + " was made by the teacher with weights SHA-256 " + bank.teacherSha256()
                    + ", --teacher " + t.name() + " has " + t.weightsSha256() + "; make the bank with this teacher");
        }
    }

    @Override
    int imageResolution(DecoderConfig cfg, Teacher t) {
        return t.config().imgResolution();
    }

    @Override
    Map<String, Object> extraOverrides() {
        Map<String, Object> o = new LinkedHashMap<>();
        DecoderOptions.putIf(o, "random_init", randomInit ? true : null);
        if (distillWeight != null && guidanceBank == null) {
            throw bad("--distill-weight: it weighs the distillation term of the guided generator; give --guidance-bank too");
        }
        DecoderOptions.putIf(o, "guidance_bank", guidanceBank == null ? null : guidanceBank.toAbsolutePath().toString());
        DecoderOptions.putIf(o, "distill_weight", distillWeight);
        return o;
    }

    @Override
    List<String> fixedOnResume() {
        return List.of("--teacher", "--pairs", "--random-init", "--guidance-bank", "--distill-weight");
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
        String init = cfg.randomInit() ? "random init" : "from the teacher";
        return cfg.guided() ? init + ", guided: + " + cfg.distillWeight() + " L_distill (pixel L2) towards " + cfg.guidanceBank() : init;
    }
}
