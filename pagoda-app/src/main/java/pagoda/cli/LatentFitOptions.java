package pagoda.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import pagoda.inverse.LatentFit;
import pagoda.inverse.LatentStart;
import pagoda.inverse.TeacherEncoder;
import pagoda.ode.Encoder;
import pagoda.teacher.Teacher;

/** The options of the latent fit that inpaint, colorize, deblur and inverse-eval share ({@link LatentFit}). */
final class LatentFitOptions {
    @Option(names = "--fit-steps", paramLabel = "N", converter = Converters.NonNegativeInt.class,
            description = "Adam steps on the latent (default: ${DEFAULT-VALUE}).")
    int steps = 100;

    @Option(names = "--lr", paramLabel = "LR", converter = Converters.PositiveNumber.class,
            description = "Adam's peak learning rate in latent units, cosine-decayed to 0 (default: ${DEFAULT-VALUE}).")
    double lr = 1.0;

    @Option(names = "--prior-weight", paramLabel = "W", converter = Converters.NonNegativeNumber.class,
            description = "w of the prior term w |z|^2 / (2 * 80^2) beside |A(G(z)) - y|^2 (default: ${DEFAULT-VALUE}, the best of "
                    + "0.01, 1, 10, 100 for inpainting held-out emoji: bench/results/inverse-cpu.md).")
    double priorWeight = 10;

    @Option(names = "--init", paramLabel = "encoder|noise",
            description = "Start from the teacher's encoding of the baseline, or from fresh noise 80 eps (default: ${DEFAULT-VALUE}).")
    String init = "encoder";

    @Option(names = "--seed", paramLabel = "S", description = "Noise seed of --init noise; image i uses stream (S, i) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--encoder-steps", paramLabel = "L", converter = Converters.PositiveInt.class,
            description = "Levels of the encoder's grid, as ./pagoda encode --steps (default: ${DEFAULT-VALUE}).")
    int encoderLevels = Encoder.PAGODA_LEVELS;

    LatentFit fit() {
        return new LatentFit(steps, lr, priorWeight);
    }

    /** Whether the start needs the teacher; a bad --init is a bad argument. */
    boolean needsTeacher(CommandSpec spec) {
        return switch (init) {
            case "encoder" -> true;
            case "noise" -> false;
            default -> throw new ParameterException(spec.commandLine(), "--init " + init + ": expected encoder or noise");
        };
    }

    /** The start; {@code teacher} may be null for noise. */
    LatentStart start(CommandSpec spec, Teacher teacher) {
        if (encoderLevels < 2) {
            throw new ParameterException(spec.commandLine(), "--encoder-steps " + encoderLevels + ": the grid needs at least 2 levels");
        }
        return needsTeacher(spec) ? new LatentStart.FromEncoder(TeacherEncoder.of(teacher, encoderLevels)) : new LatentStart.FromNoise(seed);
    }
}
