package pagoda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.data.DataException;
import pagoda.data.DataSpec;
import pagoda.data.ImageDataset;
import pagoda.data.MalformedDataException;
import pagoda.data.Split;
import pagoda.decoder.OneStepGenerator;
import pagoda.eval.Psnr;
import pagoda.eval.Ssim;
import pagoda.image.ByteImage;
import pagoda.image.PilResize;
import pagoda.image.PngGrid;
import pagoda.inverse.GaussianBlur;
import pagoda.inverse.Greyscale;
import pagoda.inverse.ImageTensors;
import pagoda.inverse.LatentInverse;
import pagoda.inverse.Mask;
import pagoda.inverse.Measurement;
import pagoda.inverse.SuperResolution;
import pagoda.inverse.TeacherEncoder;
import pagoda.teacher.Teacher;
import pagoda.tensor.Backend;
import pagoda.tensor.Ops;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.io.SafeTensorsWriter;
import pagoda.train.Progress;

/**
 * {@code pagoda inverse-eval}: an inverse problem on held-out images with known ground truth, the generator's
 * answer against the simple baseline, PSNR and SSIM, one JSON line.
 */
@Command(name = "inverse-eval", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Measures an inverse problem on images with known ground truth: PSNR (dB) and SSIM of the",
                "generator's answer and of the baseline against the truth, one JSON line.",
                "inpaint: a centred missing square (--hole of the side), baseline the blurred fill.",
                "colorize: BT.601 luma, baseline the grey image in all channels.",
                "deblur: Gaussian blur of --sigma px, baseline the blurred image.",
                "  (these three fit the latent, as the commands of the same names)",
                "superres: the image at --input-resolution (default: the teacher's, or half of it for a",
                "  generator at the teacher's resolution), bicubic-upsampled to the teacher's when smaller,",
                "  encoded and decoded at the generator's resolution; baseline: bicubic up-sampling (PIL).",
                "The images are N evenly spaced ones of the split (--n), at the generator's resolution.",
                "Without --teacher: the teacher the generator's generator.json records."})
final class InverseEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GeneratorOption generator;

    @Mixin
    TeacherOption teacher;

    @Mixin
    LatentFitOptions fitOptions;

    @Option(names = "--task", required = true, paramLabel = "TASK", description = "inpaint, colorize, deblur or superres.")
    String task;

    @Option(names = "--data", paramLabel = "SOURCE", converter = DataCommand.SourceConverter.class,
            description = "emoji, fmnist or a folder (default: ${DEFAULT-VALUE}).")
    DataSpec data = DataSpec.parse("emoji");

    @Option(names = "--split", paramLabel = "SPLIT", converter = DataCommand.SplitConverter.class,
            description = "train, test (the held-out part) or all (default: ${DEFAULT-VALUE}).")
    Split split = Split.TEST;

    @Option(names = "--n", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Images, evenly spaced through the split (default: ${DEFAULT-VALUE}; at most the split's size).")
    int n = 64;

    @Option(names = "--hole", paramLabel = "F", converter = Converters.Probability.class,
            description = "inpaint: side of the missing centred square as a fraction of the image side (default: ${DEFAULT-VALUE}).")
    double hole = 0.5;

    @Option(names = "--sigma", paramLabel = "PX", converter = Converters.PositiveNumber.class,
            description = "deblur: the blur's standard deviation in pixels (default: ${DEFAULT-VALUE}).")
    double sigma = 1.0;

    @Option(names = "--input-resolution", paramLabel = "R", converter = Converters.PositiveInt.class,
            description = "superres: the side of the low-resolution input (default: see above).")
    Integer inputResolution;

    @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class,
            description = "Images per pass (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--grid", paramLabel = "PNG", description = "Rows of truth | input | baseline | result for the first 16 images.")
    Path grid;

    @Option(names = "--results", paramLabel = "FILE", description = "Writes the results as safetensors ('images', for ./pagoda eval).")
    Path results;

    @Option(names = "--baselines", paramLabel = "FILE", description = "Writes the baselines as safetensors.")
    Path baselines;

    @Mixin
    ThreadsOption threads;

    private static final int GRID_IMAGES = 16;

    @Override
    public Integer call() throws IOException {
        String kind = task.toLowerCase(Locale.ROOT);
        if (!List.of("inpaint", "colorize", "deblur", "superres").contains(kind)) {
            throw bad("--task " + task + ": expected inpaint, colorize, deblur or superres");
        }
        PrintWriter err = spec.commandLine().getErr();
        int t = threads.count();
        try (CpuBackend backend = new CpuBackend(t)) {
            OneStepGenerator g = generator.load(spec, backend);
            boolean superres = kind.equals("superres");
            Teacher net = null;
            if (superres || fitOptions.needsTeacher(spec)) {
                net = Models.teacher(spec, teacher, generator, g, backend);
            }
            int big = g.resolution();
            int low = superres ? lowResolution(g) : big;
            List<ImageDataset> views = open(superres ? new int[] {big, low} : new int[] {big}, g, err);
            ImageDataset truthSet = views.getFirst();
            int count = Math.min(n, truthSet.size());
            int[] index = new int[count];
            for (int i = 0; i < count; i++) {
                index[i] = (int) ((long) i * truthSet.size() / count);
            }
            Tensor truth = truthSet.batch(backend, index, null);
            Tensor labels = g.classes() > 0 ? truthSet.oneHot(backend, index) : null;
            Progress progress = new Progress(err, Progress.stderrIsTerminal(), count);
            String name = spec.qualifiedName();
            long t0 = System.nanoTime();
            Json line = new Json().put("task", kind);
            Tensor result;
            Tensor baseline;
            Tensor input;
            if (superres) {
                List<ByteImage> lows = new ArrayList<>();
                for (int i : index) {
                    lows.add(views.get(1).image(i));
                }
                input = ImageTensors.of(backend, upsample(lows, big));
                baseline = input;
                Tensor encoderInput = ImageTensors.of(backend, upsample(lows, g.latentResolution()));
                SuperResolution sr = new SuperResolution(g, TeacherEncoder.of(net, fitOptions.encoderLevels));
                Tensor[] parts = new Tensor[(count + batch - 1) / batch];
                for (int first = 0, k = 0; first < count; first += batch, k++) {
                    int b = Math.min(batch, count - first);
                    parts[k] = sr.run(encoderInput.slice(0, first, first + b).contiguous(),
                            labels == null ? null : labels.slice(0, first, first + b).contiguous());
                    progress.images(name, first + b, (first + b) / seconds(t0), first + b == count);
                }
                result = parts.length == 1 ? parts[0] : Ops.cat(0, parts);
                line.put("operator", "downsample to " + low + "x" + low + " (data pipeline)").put("input_resolution", low)
                        .put("encoder_levels", fitOptions.encoderLevels);
            } else {
                Measurement a = operator(kind, backend, g);
                Tensor y = a.apply(truth);
                LatentInverse.Outcome o = new LatentInverse(g, fitOptions.start(spec, net), fitOptions.fit())
                        .solve(a, y, labels, batch, done -> progress.images(name, done, done / seconds(t0), done == count));
                result = o.images();
                baseline = Ops.clamp(o.baseline(), -1f, 1f);
                input = y.size(1) == truth.size(1) ? Ops.clamp(y, -1f, 1f) : Ops.cat(1, y, y, y);
                Scores initial = Scores.of(truth, o.initial());
                Scores raw = Scores.of(truth, o.generated());
                line.put("operator", a.describe()).put("init", fitOptions.init).put("fit_steps", fitOptions.steps)
                        .put("lr", fitOptions.lr).put("prior_weight", fitOptions.priorWeight)
                        .put("encoder_levels", fitOptions.encoderLevels)
                        .put("initial_psnr_db", initial.psnr());
                if (initial.ssim() != null) {
                    line.put("initial_ssim", initial.ssim());
                }
                line.put("generated_psnr_db", raw.psnr());
                if (raw.ssim() != null) {
                    line.put("generated_ssim", raw.ssim());
                }
                line.put("objective_start", o.meanStart()).put("objective_end", o.meanEnd());
            }
            double seconds = seconds(t0);
            Scores ours = Scores.of(truth, result);
            Scores base = Scores.of(truth, baseline);
            line.put("n", count).put("resolution", big).put("psnr_db", ours.psnr()).put("baseline_psnr_db", base.psnr());
            if (ours.ssim() != null) {
                line.put("ssim", ours.ssim()).put("baseline_ssim", base.ssim());
            }
            if (grid != null) {
                int k = Math.min(GRID_IMAGES, count);
                Tensor rows = Ops.cat(0, truth.slice(0, 0, k), input.slice(0, 0, k), baseline.slice(0, 0, k), result.slice(0, 0, k));
                PngGrid.write(grid, rows, k, 1);
            }
            write(results, result);
            write(baselines, baseline);
            spec.commandLine().getOut().println(line.put("seconds", seconds).put("threads", t).toString());
        }
        return 0;
    }

    private int lowResolution(OneStepGenerator g) {
        int r = g.latentResolution();
        int low = inputResolution != null ? inputResolution : g.resolution() > r ? r : r / 2;
        if (low > r || low < 1) {
            throw bad("--input-resolution " + low + ": expected 1 .. " + r + " (the teacher's resolution)");
        }
        return low;
    }

    private List<ImageDataset> open(int[] resolutions, OneStepGenerator g, PrintWriter err) throws IOException {
        List<ImageDataset> views;
        try {
            views = ImageDataset.openViews(data, resolutions, split, null, line -> err.println(spec.qualifiedName() + ": " + line));
        } catch (MalformedDataException e) {
            throw e;
        } catch (DataException e) {
            throw bad("--data " + data + ": " + e.getMessage());
        }
        ImageDataset first = views.getFirst();
        if (first.size() == 0) {
            throw bad("--data " + data + ": the " + split + " split holds no images");
        }
        if (first.channels() != g.channels()) {
            throw bad("--data " + data + " has " + first.channels() + "-channel images; the generator makes " + g.channels());
        }
        if (g.classes() > 0 && first.numClasses() != g.classes()) {
            throw bad("--data " + data + " has " + (first.labelled() ? first.numClasses() + " classes" : "no labels")
                    + "; the class-conditional generator takes " + g.classes());
        }
        return views;
    }

    private Measurement operator(String kind, Backend backend, OneStepGenerator g) {
        return switch (kind) {
            case "inpaint" -> {
                try {
                    yield Mask.centreSquare(backend, g.resolution(), hole);
                } catch (IllegalArgumentException e) {
                    throw bad("--hole " + hole + ": " + e.getMessage());
                }
            }
            case "colorize" -> {
                if (g.channels() != 3) {
                    throw bad("--task colorize needs an RGB generator; --generator " + generator.generator + " makes "
                            + g.channels() + "-channel images");
                }
                yield new Greyscale(backend);
            }
            default -> {
                try {
                    yield new GaussianBlur(backend, sigma);
                } catch (IllegalArgumentException e) {
                    throw bad("--sigma " + sigma + ": " + e.getMessage());
                }
            }
        };
    }

    private static List<ByteImage> upsample(List<ByteImage> images, int side) {
        List<ByteImage> out = new ArrayList<>(images.size());
        for (ByteImage b : images) {
            out.add(b.height() == side ? b : PilResize.resize(b, side, side, ResizeFilter.BICUBIC));
        }
        return out;
    }

    private static void write(Path file, Tensor images) throws IOException {
        if (file != null) {
            new SafeTensorsWriter().metadata("format", "pagoda.samples/1").put("images", images).write(file);
        }
    }

    private static double seconds(long t0) {
        return Math.max((System.nanoTime() - t0) * 1e-9, 1e-9);
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** PSNR and, for images of 11x11 or more, SSIM of a set against the truth. */
    private record Scores(double psnr, Double ssim) {
        static Scores of(Tensor truth, Tensor images) {
            double p = Psnr.of(truth, images).mean();
            Double s = truth.size(2) >= Ssim.WINDOW && truth.size(3) >= Ssim.WINDOW ? Ssim.of(truth, images).mean() : null;
            return new Scores(p, s);
        }
    }
}
