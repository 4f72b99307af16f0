package pagoda.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import pagoda.decoder.OneStepGenerator;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/** One-hot labels from a class option. */
final class Labels {
    private Labels() {
    }

    /**
     * [n, K] one-hot of {@code label} for a class-conditional generator, null for an unconditional one (where a
     * class is a bad argument); a class-conditional generator needs the option.
     */
    static Tensor of(CommandSpec spec, String option, Integer label, OneStepGenerator g, int n, Backend backend) {
        if (g.classes() == 0) {
            if (label != null) {
                Models.checkClass(spec, option, label, g);
            }
            return null;
        }
        if (label == null) {
            throw new ParameterException(spec.commandLine(), "the generator is class-conditional (" + g.classes()
                    + " classes): " + option + " C gives the image's class");
        }
        Models.checkClass(spec, option, label, g);
        return oneHot(backend, g.classes(), label, n);
    }

    static Tensor oneHot(Backend backend, int classes, int label, int n) {
        float[] v = new float[n * classes];
        for (int i = 0; i < n; i++) {
            v[i * classes + label] = 1;
        }
        return Tensor.of(backend, v, n, classes);
    }
}
