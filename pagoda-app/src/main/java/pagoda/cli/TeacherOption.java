package pagoda.cli;

import java.io.IOException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import pagoda.teacher.Teacher;
import pagoda.tensor.Backend;

/** {@code --teacher}, as every command that runs the teacher takes it ({@link Teacher}). */
final class TeacherOption {
    @Option(names = "--teacher", paramLabel = "T",
            description = "A teacher folder (config.json + model.safetensors: a train-teacher run, an exported or EDM-format "
                    + "teacher), its weights file, or a bundled model name (default: ${DEFAULT-VALUE}).")
    String teacher = Teacher.DEFAULT;

    /** Loads the teacher; anything wrong with it is a bad --teacher (exit status 2). */
    Teacher load(CommandSpec command, Backend backend) throws IOException {
        try {
            return Teacher.load(teacher, backend);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--teacher " + teacher + ": " + e.getMessage());
        }
    }
}
