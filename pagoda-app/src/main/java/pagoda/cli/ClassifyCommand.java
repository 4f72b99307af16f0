package pagoda.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.classify.Classifier;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.io.SafeTensors;

/** {@code pagoda classify}: the class accuracy of a sample set under a trained classifier. */
@Command(name = "classify", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"The class accuracy of samples (safetensors, tensor 'images' [N, C, R, R] in [-1, 1]) under a",
                "classifier of ./pagoda train-classifier: sample i is taken to be of class i mod K, as ./pagoda sample",
                "and sample-teacher draw them, or of class --class C."})
final class ClassifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--classifier", required = true, paramLabel = "DIR", description = "A folder of ./pagoda train-classifier.")
    Path classifierDir;

    @Option(names = "--samples", required = true, paramLabel = "FILE", description = "The samples (safetensors, tensor 'images').")
    Path samples;

    @Option(names = "--class", paramLabel = "C", converter = Converters.NonNegativeInt.class,
            description = "The class of every sample (default: sample i has class i mod K).")
    Integer classLabel;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(samples)) {
            throw bad("--samples " + samples + ": no such file");
        }
        int t = threads.count();
        try (CpuBackend backend = new CpuBackend(t)) {
            Classifier classifier;
            try {
                classifier = Classifier.load(classifierDir, backend);
            } catch (IllegalArgumentException e) {
                throw bad("--classifier " + classifierDir + ": " + e.getMessage());
            }
            int k = classifier.net().config().classes();
            if (classLabel != null && classLabel >= k) {
                throw bad("--class " + classLabel + ": the classifier has classes 0 .. " + (k - 1));
            }
            Tensor images;
            try (SafeTensors st = SafeTensors.open(samples)) {
                if (!st.contains("images")) {
                    throw bad("--samples " + samples + ": no tensor 'images'");
                }
                images = st.readTensor("images", backend);
            }
            int n = images.size(0);
            int[] labels = new int[n];
            int[] perClass = new int[k];
            for (int i = 0; i < n; i++) {
                labels[i] = classLabel != null ? classLabel : i % k;
            }
            int[] predicted;
            try {
                predicted = classifier.predict(images, backend, 256);
            } catch (IllegalArgumentException e) {
                throw bad("--samples " + samples + ": " + e.getMessage());
            }
            int right = 0;
            for (int i = 0; i < n; i++) {
                if (predicted[i] == labels[i]) {
                    right++;
                    perClass[labels[i]]++;
                }
            }
            Json line = new Json().put("samples", samples.toString()).put("n", n).put("accuracy", (double) right / n);
            StringBuilder counts = new StringBuilder();
            for (int c = 0; c < k; c++) {
                counts.append(c == 0 ? "" : ",").append(perClass[c]);
            }
            spec.commandLine().getOut().println(line.put("correct_per_class", counts.toString()).put("threads", t).toString());
        }
        return 0;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
