package pagoda.cli;

import java.io.IOException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import pagoda.decoder.OneStepGenerator;
import pagoda.inverse.RecordedTeacher;
import pagoda.teacher.Teacher;
import pagoda.tensor.Backend;
import pagoda.unet.UNetConfig;

/** Checks that a teacher and a generator work together: the teacher encodes what the generator decodes. */
final class Models {
    private Models() {
    }

    /**
     * The teacher: {@code --teacher} when given, else the one the generator's {@code generator.json} records,
     * else {@code --teacher}'s default; checked against the generator ({@link #checkPair}).
     */
    static Teacher teacher(CommandSpec spec, TeacherOption option, GeneratorOption generator, OneStepGenerator g, Backend backend)
            throws IOException {
        Teacher t;
        String recorded = spec.commandLine().getParseResult().hasMatchedOption("--teacher") ? null : RecordedTeacher.of(generator.folder());
        if (recorded == null) {
            t = option.load(spec, backend);
        } else {
            try {
                t = Teacher.load(recorded, backend);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--generator " + generator.generator + " names the teacher " + recorded
                        + ", which does not load (" + e.getMessage() + "); pass --teacher");
            }
        }
        checkPair(spec, t, g);
        return t;
    }

    /** The teacher's images must be G's latents: same channels and side; its classes G's (or none). */
    static void checkPair(CommandSpec spec, Teacher teacher, OneStepGenerator g) {
        UNetConfig t = teacher.config();
        if (t.imgChannels() != g.channels() || t.imgResolution() != g.latentResolution()) {
            throw new ParameterException(spec.commandLine(), "--teacher " + teacher.name() + " works on " + t.imgChannels() + "x"
                    + t.imgResolution() + "x" + t.imgResolution() + " images; the generator takes latents " + g.channels() + "x"
                    + g.latentResolution() + "x" + g.latentResolution() + ": pass the teacher it was trained from");
        }
        if (t.labelDim() != 0 && t.labelDim() != g.classes()) {
            throw new ParameterException(spec.commandLine(), "--teacher " + teacher.name() + " has " + t.labelDim()
                    + " classes, the generator " + g.classes());
        }
    }

    /** A class-conditional generator is needed; {@code what} says for what. */
    static void needClasses(CommandSpec spec, String generator, OneStepGenerator g, String what) {
        if (g.classes() == 0) {
            throw new ParameterException(spec.commandLine(), "--generator " + generator + ": " + what
                    + " needs a class-conditional generator, and this one is unconditional (no class labels)");
        }
    }

    /** A class option's value must be one of G's classes. */
    static void checkClass(CommandSpec spec, String option, int label, OneStepGenerator g) {
        if (g.classes() == 0) {
            throw new ParameterException(spec.commandLine(), option + " " + label + ": the generator is unconditional");
        }
        if (label >= g.classes()) {
            throw new ParameterException(spec.commandLine(), option + " " + label + ": the generator has classes 0 .. " + (g.classes() - 1));
        }
    }
}
