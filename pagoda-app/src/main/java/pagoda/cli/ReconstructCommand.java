package pagoda.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Var;
import pagoda.decoder.DecoderData;
import pagoda.decoder.OneStepGenerator;
import pagoda.decoder.PairData;
import pagoda.eval.Psnr;
import pagoda.eval.Ssim;
import pagoda.image.PngGrid;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.io.SafeTensorsWriter;

/**
 * {@code pagoda reconstruct}: the autoencoder view of a generator, G(z(x)) for the images x of a pairs folder
 * (encoded by the teacher: {@code ./pagoda encode}, the held-out split with {@code --split test}), with PSNR
 * and SSIM against the images.
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Decodes a pairs folder with a generator: PSNR and SSIM of G(z(x)).",
                "Compares G(z(x)) with x (at the generator's resolution) for each image once (not its mirror):",
                "PSNR (dB) and SSIM (images of 11x11 or more), one JSON line. --out draws x beside G(z(x));",
                "--originals and --reconstructions write both sets as safetensors (tensor 'images', [-1, 1])."})
final class ReconstructCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GeneratorOption generator;

    @Option(names = "--pairs", required = true, paramLabel = "DIR", description = "A pairs folder written by ./pagoda encode.")
    Path pairs;

    @Option(names = "--n", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Use the first N images (default: all).")
    Integer n;

    @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class,
            description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--out", paramLabel = "PNG", description = "A grid of the first 32 images beside their reconstructions.")
    Path out;

    @Option(names = "--originals", paramLabel = "FILE", description = "Writes the images as safetensors.")
    Path originals;

    @Option(names = "--reconstructions", paramLabel = "FILE", description = "Writes the reconstructions (clamped) as safetensors.")
    Path reconstructions;

    @Mixin
    ThreadsOption threads;

    private static final int GRID_IMAGES = 32;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        int t = threads.count();
        try (CpuBackend backend = new CpuBackend(t)) {
            OneStepGenerator g = generator.load(spec, backend);
            DecoderData data;
            try {
                data = PairData.open(pairs, g.resolution(), line -> err.println(spec.qualifiedName() + ": " + line));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--pairs " + pairs + ": " + e.getMessage());
            }
            if (data.channels() != g.channels() || data.resolution() != g.latentResolution() || data.classes() != g.classes()) {
                throw new ParameterException(spec.commandLine(), "--pairs " + pairs + " hold " + data.channels() + "x"
                        + data.resolution() + "x" + data.resolution() + " latents with " + data.classes() + " classes; the generator takes "
                        + g.channels() + "x" + g.latentResolution() + "x" + g.latentResolution() + " with " + g.classes());
            }
            int images = data.size() / 2;
            int count = n == null ? images : Math.min(n, images);
            long t0 = System.nanoTime();
            Tensor[] xs = new Tensor[(count + batch - 1) / batch];
            Tensor[] ys = new Tensor[xs.length];
            for (int first = 0, i = 0; first < count; first += batch, i++) {
                int b = Math.min(batch, count - first);
                int[] index = new int[b];
                for (int k = 0; k < b; k++) {
                    index[k] = 2 * (first + k);
                }
                DecoderData.Batch batchData = data.batch(backend, index);
                try (NoGrad ng = NoGrad.enter()) {
                    ys[i] = Ops.clamp(g.forward(Var.constant(batchData.latents()), batchData.labels(), 0).value(), -1f, 1f);
                }
                xs[i] = batchData.images();
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            Tensor x = xs.length == 1 ? xs[0] : Ops.cat(0, xs);
            Tensor y = ys.length == 1 ? ys[0] : Ops.cat(0, ys);
            Psnr.Result psnr = Psnr.of(x, y);
            // SSIM's 11x11 window does not fit smaller images; PSNR alone is reported for them.
            Double ssim = x.size(2) >= Ssim.WINDOW && x.size(3) >= Ssim.WINDOW ? Ssim.of(x, y).mean() : null;
            if (out != null) {
                int k = Math.min(GRID_IMAGES, count);
                int[] s = x.shape();
                Tensor side = Ops.cat(1, x.slice(0, 0, k), y.slice(0, 0, k)).reshape(2 * k, s[1], s[2], s[3]);
                PngGrid.write(out, side, 16, 1);
            }
            if (originals != null) {
                new SafeTensorsWriter().metadata("format", "pagoda.samples/1").put("images", x).write(originals);
            }
            if (reconstructions != null) {
                new SafeTensorsWriter().metadata("format", "pagoda.samples/1")
                        .metadata("generator", generator.folder().toAbsolutePath().toString()).put("images", y).write(reconstructions);
            }
            Json line = new Json().put("pairs", pairs.toString()).put("n", count).put("psnr_db", psnr.mean());
            if (ssim != null) {
                line.put("ssim", ssim);
            }
            spec.commandLine().getOut().println(line.put("mse", psnr.mse()).put("seconds", seconds).put("threads", t).toString());
        }
        return 0;
    }
}
