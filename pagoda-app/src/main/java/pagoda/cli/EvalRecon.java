package pagoda.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.eval.ImageSource;
import pagoda.eval.ImageSources;
import pagoda.eval.Psnr;
import pagoda.eval.Ssim;
import pagoda.tensor.Backends;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;

/** {@code pagoda eval recon}: PSNR and SSIM of reconstructions against their originals, image by image. */
@Command(name = "recon", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"PSNR (dB) and SSIM (11x11 Gaussian window, sigma 1.5) between two image sets of one size, image i",
                "against image i, averaged over the images; one JSON line. psnr is null when an image is reproduced exactly",
                "(infinite PSNR); 'identical' counts those images."})
final class EvalRecon implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--a", required = true, paramLabel = "A", description = "Originals: a .safetensors file or a folder of PNGs.")
    String a;

    @Option(names = "--b", required = true, paramLabel = "B", description = "Reconstructions, in the same order and size.")
    String b;

    @Option(names = "--batch", paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batch = 100;

    @Override
    public Integer call() throws IOException {
        for (String[] o : new String[][] {{"--a", a}, {"--b", b}}) {
            if (!ImageSources.recognises(o[1])) {
                throw new ParameterException(spec.commandLine(), o[0] + ": '" + o[1] + "' is not an existing file or folder");
            }
        }
        try (ImageSource sa = ImageSources.open(a); ImageSource sb = ImageSources.open(b)) {
            if (sa.size() != sb.size() || sa.height() != sb.height() || sa.width() != sb.width()) {
                throw new IllegalArgumentException("the sets differ: " + sa.describe() + " holds " + sa.size() + " images of "
                        + sa.width() + "x" + sa.height() + ", " + sb.describe() + " " + sb.size() + " of " + sb.width() + "x" + sb.height());
            }
            double psnr = 0;
            double ssim = 0;
            double mse = 0;
            int identical = 0;
            for (int from = 0; from < sa.size(); from += batch) {
                int to = Math.min(sa.size(), from + batch);
                Tensor x = rgbIfMixed(sa.read(from, to, Backends.cpu()), sb.channels());
                Tensor y = rgbIfMixed(sb.read(from, to, Backends.cpu()), sa.channels());
                Psnr.Result p = Psnr.of(x, y);
                for (double v : p.perImage()) {
                    psnr += v;
                    identical += Double.isInfinite(v) ? 1 : 0;
                }
                mse += p.mse() * (to - from);
                for (double v : Ssim.of(x, y).perImage()) {
                    ssim += v;
                }
            }
            int count = sa.size();
            spec.commandLine().getOut().println(new Json().put("a", sa.describe()).put("b", sb.describe()).put("n", count)
                    .put("psnr", psnr / count).put("ssim", ssim / count).put("mse", mse / count).put("identical", identical));
        }
        return 0;
    }

    /** Grey images compared with RGB ones are repeated to three channels. */
    private static Tensor rgbIfMixed(Tensor x, int otherChannels) {
        return x.size(1) == 1 && otherChannels == 3 ? Ops.cat(1, x, x, x) : x;
    }
}
