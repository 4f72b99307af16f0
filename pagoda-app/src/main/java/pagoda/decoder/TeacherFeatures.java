package pagoda.decoder;

import java.util.Arrays;
import java.util.List;
import pagoda.autograd.Fn;
import pagoda.autograd.Var;
import pagoda.tensor.Tensor;
import pagoda.unet.DhariwalUNet;
import pagoda.unet.EDMPrecond;
import pagoda.unet.UNetConfig;
import pagoda.unet.UNetPlan;

/**
 * The default feature network of this project (pagoda-spec.md, "Where this project departs", 1): the
 * frozen teacher's own down path, evaluated on clean images at a small noise level sigma with EDM's input
 * scaling, {@code F_enc(cIn(sigma) x; cNoise(sigma), y)}, one feature map at the end of each resolution level
 * ({@link DhariwalUNet#encoderLevels}). The reference uses ImageNet backbones (DeiT, EfficientNet), which
 * cannot be had offline; a denoiser's encoder has learnt features of exactly this data. The teacher is
 * frozen here and kept in evaluation mode (no dropout).
 */
public final class TeacherFeatures implements FeatureNetwork {
    /** A small level: the teacher sees an almost clean image, and its features follow the image's details. */
    public static final double DEFAULT_SIGMA = 0.2;

    private final EDMPrecond teacher;
    private final double sigma;
    private final double cIn;
    private final double cNoise;
    private final int[] channels;
    private final int[] resolutions;

    /** Freezes {@code teacher} (all its parameters) and puts it in evaluation mode. */
    public TeacherFeatures(EDMPrecond teacher, double sigma) {
        this(teacher, sigma, teacher.config().imgResolution());
    }

    /**
     * Features of images of side {@code inputResolution} (the network is fully convolutional; its maps are then
     * {@code inputResolution / 2^l}).
     */
    public TeacherFeatures(EDMPrecond teacher, double sigma, int inputResolution) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("feature sigma: expected a finite number > 0, got " + sigma);
        }
        this.teacher = teacher;
        this.sigma = sigma;
        teacher.freeze("");
        teacher.eval();
        EDMPrecond.Coefficients c = teacher.coefficients(sigma);
        this.cIn = c.cIn();
        this.cNoise = c.cNoise();
        UNetConfig config = teacher.config();
        UNetPlan plan = teacher.model().plan();
        this.channels = new int[config.levels()];
        this.resolutions = new int[config.levels()];
        for (UNetPlan.Layer l : plan.encoder()) {
            channels[l.level()] = l.out();
            resolutions[l.level()] = inputResolution >> l.level();
        }
    }

    public double sigma() {
        return sigma;
    }

    @Override
    public int[] channels() {
        return channels.clone();
    }

    @Override
    public int[] resolutions() {
        return resolutions.clone();
    }

    @Override
    public List<Var> features(Var x, Tensor labels) {
        UNetConfig config = teacher.config();
        double[] noise = new double[x.shape()[0]];
        Arrays.fill(noise, cNoise);
        Tensor y = null;
        if (config.labelDim() > 0) {
            y = labels != null ? labels : Tensor.zeros(x.value().backend(), 1, config.labelDim());
        }
        return teacher.model().encoderLevels(Fn.mul(x, (float) cIn), noise, y, 0);
    }
}
