package pagoda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.classify.Classifier;
import pagoda.classify.ClassifierConfig;
import pagoda.classify.ClassifierNet;
import pagoda.classify.ClassifierTraining;
import pagoda.data.DataSpec;
import pagoda.data.ImageDataset;
import pagoda.data.Split;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.train.Progress;

/** {@code pagoda train-classifier}: the small CNN that scores the class accuracy of samples ({@link ClassifierNet}). */
@Command(name = "train-classifier", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Trains a small CNN classifier on a labelled data set (Adam, cross-entropy, mirrored images) and",
                "reports its accuracy on the held-out split; writes OUT/classifier.json and OUT/model.safetensors",
                "for ./pagoda classify."})
final class TrainClassifierCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "SOURCE", converter = DataCommand.SourceConverter.class,
            description = "A labelled data source (fmnist, or a folder with class sub-folders).")
    DataSpec data;

    @Option(names = "--resolution", paramLabel = "R", converter = Converters.PositiveInt.class,
            description = "Image side (default: ${DEFAULT-VALUE}).")
    int resolution = 16;

    @Option(names = "--width", paramLabel = "W", converter = Converters.PositiveInt.class,
            description = "Channels of the first convolution (default: ${DEFAULT-VALUE}).")
    int width = 32;

    @Option(names = "--steps", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Training steps (default: ${DEFAULT-VALUE}).")
    long steps = 3000;

    @Option(names = "--max-minutes", paramLabel = "M", converter = Converters.PositiveNumber.class,
            description = "Stops after M minutes even before --steps.")
    Double maxMinutes;

    @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class, description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batch = 128;

    @Option(names = "--lr", paramLabel = "LR", converter = Converters.PositiveNumber.class, description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 2e-3;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the weights and the data stream (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The classifier folder to write.")
    Path out;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        if (Files.isRegularFile(out.resolve(Classifier.CONFIG))) {
            throw bad("--out " + out + " already holds a classifier; choose another folder");
        }
        int t = threads.count();
        try (CpuBackend backend = new CpuBackend(t)) {
            Files.createDirectories(out);
            Path cache = out.resolve(ImageDataset.cacheFileName(data, resolution));
            ImageDataset train = ImageDataset.open(data, resolution, Split.TRAIN, cache, line -> err.println(name + ": " + line));
            ImageDataset test = ImageDataset.open(data, resolution, Split.TEST, cache, line -> err.println(name + ": " + line));
            if (!train.labelled() || train.numClasses() < 2) {
                throw bad("--data " + data + ": the classifier needs labelled data (fmnist, or a folder with class sub-folders)");
            }
            ClassifierConfig config;
            try {
                config = new ClassifierConfig(train.channels(), resolution, train.numClasses(), width);
            } catch (IllegalArgumentException e) {
                throw bad("--resolution " + resolution + ": " + e.getMessage());
            }
            ClassifierNet net = new ClassifierNet(config, backend, seed);
            ClassifierTraining training = new ClassifierTraining(batch, lr, steps,
                    maxMinutes != null ? maxMinutes * 60 : Double.POSITIVE_INFINITY, seed);
            Progress progress = new Progress(err, Progress.stderrIsTerminal(), steps);
            ClassifierTraining.Result r = training.train(net, train, backend, s -> {
                if (s % 100 == 0) {
                    progress.message(name + ": step " + s + " of " + steps);
                }
            });
            Classifier classifier = new Classifier(net);
            int[] labels = new int[test.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = test.label(i);
            }
            double accuracy = classifier.accuracy(test.batch(backend, 0, test.size()), labels, backend, 256);
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("data", data.toString());
            record.put("steps", r.steps());
            record.put("batch", (long) batch);
            record.put("lr", lr);
            record.put("seed", seed);
            record.put("seconds", r.seconds());
            record.put("last_loss", r.lastLoss());
            record.put("test_images", (long) test.size());
            record.put("test_accuracy", accuracy);
            classifier.save(out, record);
            spec.commandLine().getOut().println(new Json()
                    .put("out", out.toString())
                    .put("steps", r.steps())
                    .put("seconds", r.seconds())
                    .put("last_loss", r.lastLoss())
                    .put("test_images", test.size())
                    .put("test_accuracy", accuracy)
                    .put("threads", t)
                    .toString());
        }
        return 0;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
