package pagoda.decoder;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import pagoda.autograd.Fn;
import pagoda.autograd.NoGrad;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.autograd.augment.DiffAugment;
import pagoda.autograd.optim.Ema;
import pagoda.autograd.optim.GradClip;
import pagoda.autograd.optim.RAdam;
import pagoda.data.ShuffleStream;
import pagoda.tensor.Backend;
import pagoda.tensor.DType;
import pagoda.tensor.Ops;
import pagoda.tensor.Tensor;
import pagoda.train.Checkpoint;
import pagoda.train.CheckpointStore;
import pagoda.train.LogEntry;
import pagoda.train.LossCurve;
import pagoda.train.NonFinite;
import pagoda.train.NonFiniteException;
import pagoda.train.Progress;
import pagoda.train.StopSignal;
import pagoda.train.TeacherWeights;
import pagoda.train.TrainLog;
import pagoda.unet.EDMPrecond;

/**
 * Trains PaGoDA's one-step decoder at the teacher's resolution (pagoda-spec.md, "Stage 2"). Each step is a
 * generator step then a discriminator step, each on its own shuffled stream of pairs (the reference
 * alternates them, even iterations G, odd iterations D):
 * <pre>
 *   G step:  L_rec = mean d(aug(G(z(x), y)), aug(x))                 (one DiffAugment draw, both sides)
 *            L_G   = -mean D(aug(G(80 eps, y)), y)                   (fresh noise)
 *            lambda = clip(|grad_W L_rec| / (|grad_W L_G| + 1e-4), 0.01, 10)   (W: G's last conv weight)
 *            grad = grad L_rec + w_D lambda grad L_G;  RAdam step;  EMA update
 *   D step:  L_D = mean relu(1 - D(aug(x), y)) + mean relu(1 + D(aug(G(80 eps, y)), y))   (G without gradient)
 * </pre>
 * Without the GAN (the ablation) only L_rec is trained. The guided generator (a run with a {@link GuidanceBank})
 * adds the distillation term to the reconstruction side, {@code L_rec + w_distill L_distill}
 * ({@link GuidedDistillation}), whose gradient then also sets lambda; L_rec and the GAN terms see G at w = 1,
 * the scale of the data they compare with. The two gradients of the G step come from two
 * backward passes; lambda is a number, so no gradient flows through it. Every random draw is keyed by the
 * seed and the step ({@link DecoderRandom}) and the streams' positions are saved, so a resumed run computes
 * bit for bit what an uninterrupted one does.
 *
 * <p>Stopping, checkpoints, the log, the progress line and NaN handling are those of the teacher's
 * trainer ({@link pagoda.train.TeacherTrainer}): a checkpoint after the last step of every session, none
 * when a loss or gradient is not finite, which stops the run naming the step and the tensor.
 */
public final class DecoderTrainer {
    /** How a session ended. */
    public enum Outcome { FINISHED, STOPPED, TIME_UP }

    public record Result(Outcome outcome, long step, long images, Path checkpoint, double trainingSeconds) {
    }

    private final DecoderRun run;
    private final DecoderConfig cfg;
    private final DecoderData data;
    private final Backend backend;
    private final Progress progress;
    private final StopSignal stop;
    private final double maxSeconds;
    private final DecoderRandom random;
    private final CheckpointStore store;
    private final TrainableGenerator g;
    private final Map<String, Parameter> gParameters;
    private final String lastLayer;
    private final RAdam optimG;
    private final Ema ema;
    private final ReconstructionLoss reconstruction;
    private final Discriminator d;
    private final RAdam optimD;
    private final DiffAugment augment = DiffAugment.pagoda();
    private final ImageViews views;
    private final DecoderGrids grids;
    private final GuidedDistillation distillation;
    private ShuffleStream streamG;
    private ShuffleStream streamD;
    private Consumer<Map<String, Parameter>> afterBackward = p -> { };
    private long step;
    private long images;

    /**
     * @param teacher the frozen teacher: G's initial weights (unless random_init) and the feature network; this
     *                trainer freezes it
     * @param maxMinutes the time budget of this session; infinite for none
     */
    public DecoderTrainer(DecoderRun run, DecoderData data, EDMPrecond teacher, Backend backend, Progress progress,
                          StopSignal stop, double maxMinutes) throws IOException {
        this(run, data, teacher, stage2Generator(run.options(), teacher, backend), backend, progress, stop, maxMinutes);
    }

    /**
     * Trains {@code generator} (stage 2's, or a {@link GrownGenerator} with its frozen trunk) on images at its
     * resolution, the pairs' latents at the teacher's.
     *
     * @param teacher the frozen teacher: the feature network; this trainer freezes it
     */
    public DecoderTrainer(DecoderRun run, DecoderData data, EDMPrecond teacher, TrainableGenerator generator, Backend backend,
                          Progress progress, StopSignal stop, double maxMinutes) throws IOException {
        this.run = run;
        this.cfg = run.options();
        this.data = data;
        this.backend = backend;
        this.progress = progress;
        this.stop = stop;
        this.maxSeconds = maxMinutes * 60;
        checkData(teacher, data, generator);
        this.random = new DecoderRandom(cfg.seed());
        this.store = new CheckpointStore(run.dir());
        GuidanceBank bank = cfg.guided() ? GuidanceBank.read(Path.of(cfg.guidanceBank())) : null;
        if (bank != null) {
            checkBank(teacher, bank, cfg.guidanceBank());
            if (!generator.guided()) {
                throw new IllegalArgumentException("a guidance bank trains a guided generator; this one takes no guidance scale");
            }
        }
        this.distillation = bank == null ? null : new GuidedDistillation(bank, random.key(DecoderRandom.Kind.STREAM_BANK, 0));
        this.g = generator;
        this.views = new ImageViews(generator.resolution(), cfg.view());
        this.gParameters = g.parameters();
        this.lastLayer = g.lastLayerName();
        this.optimG = new RAdam(gParameters, cfg.lrGenerator());
        this.ema = new Ema(gParameters);
        FeatureNetwork features = new TeacherFeatures(teacher, cfg.featureSigma(), views.side());
        this.reconstruction = cfg.reconstruction().equals(DecoderConfig.PIXEL) ? new PixelDistance()
                : new PerceptualDistance(features, backend, random.key(DecoderRandom.Kind.PROJECTION, 0));
        if (cfg.gan()) {
            this.d = new Discriminator(features, backend, data.classes(), cfg.discriminatorWidth(),
                    random.key(DecoderRandom.Kind.DISCRIMINATOR_INIT, 0));
            this.optimD = new RAdam(d.namedParameters(), cfg.lrDiscriminator());
        } else {
            this.d = null;
            this.optimD = null;
        }
        this.streamG = new ShuffleStream(data.size(), random.key(DecoderRandom.Kind.STREAM_GENERATOR, 0));
        this.streamD = new ShuffleStream(data.size(), random.key(DecoderRandom.Kind.STREAM_DISCRIMINATOR, 0));
        this.grids = new DecoderGrids(run, data, backend, cfg.gridSize(), cfg.seed());
    }

    /**
     * Stage 2's G: a copy of the teacher, or EDM's random initialisation for the ablation; with a guidance bank, the
     * guided generator (its fresh guidance embedding seeded by the run).
     */
    public static Generator stage2Generator(DecoderConfig cfg, EDMPrecond teacher, Backend backend) {
        if (!cfg.guided()) {
            return cfg.randomInit() ? new Generator(teacher.config(), backend, cfg.seed()) : Generator.copyOf(teacher, backend);
        }
        long init = new DecoderRandom(cfg.seed()).key(DecoderRandom.Kind.GUIDANCE_INIT, 0);
        return cfg.randomInit() ? new Generator(teacher.config().withGuidanceEmbedding(true), backend, init)
                : Generator.guidedCopyOf(teacher, backend, init);
    }

    private static void checkBank(EDMPrecond teacher, GuidanceBank bank, String file) {
        var model = teacher.config();
        if (bank.resolution() != model.imgResolution() || bank.channels() != model.imgChannels() || bank.classes() != model.labelDim()) {
            throw new IllegalArgumentException("the guidance bank " + file + " holds " + bank.channels() + "-channel images at "
                    + bank.resolution() + "x" + bank.resolution() + " of " + bank.classes() + " classes; the teacher makes "
                    + model.imgChannels() + "-channel images at " + model.imgResolution() + "x" + model.imgResolution() + " of "
                    + model.labelDim() + " classes");
        }
    }

    private static void checkData(EDMPrecond teacher, DecoderData data, TrainableGenerator g) {
        var model = teacher.config();
        if (data.imageResolution() != g.resolution()) {
            throw new IllegalArgumentException("the pairs' images are " + data.imageResolution() + "x" + data.imageResolution()
                    + ", the generator makes " + g.resolution() + "x" + g.resolution());
        }
        if (data.resolution() != model.imgResolution() || data.channels() != model.imgChannels()) {
            throw new IllegalArgumentException("the pairs hold " + data.channels() + "-channel latents at " + data.resolution()
                    + "x" + data.resolution() + ", the teacher takes " + model.imgChannels() + " channels at "
                    + model.imgResolution() + "x" + model.imgResolution());
        }
        if (data.classes() != model.labelDim()) {
            throw new IllegalArgumentException("the teacher is conditioned on " + model.labelDim() + " classes (label_dim), the pairs have "
                    + (data.classes() == 0 ? "no labels" : data.classes() + " classes"));
        }
    }

    /** A hook run after each backward pass of G and D, before the gradients are checked: lets tests poison one. */
    void afterBackward(Consumer<Map<String, Parameter>> hook) {
        afterBackward = hook;
    }

    /** The guidance bank of the distillation term, or null for plain PaGoDA. */
    public GuidanceBank guidanceBank() {
        return distillation == null ? null : distillation.bank();
    }

    public TrainableGenerator generator() {
        return g;
    }

    /** The discriminator, or null without the GAN. */
    public Discriminator discriminator() {
        return d;
    }

    /** Continues from the newest readable checkpoint; returns false when the run has none yet. */
    public boolean resume(PrintWriter err) throws IOException {
        Checkpoint c = store.latest(backend, err);
        if (c == null) {
            return false;
        }
        ShuffleStream[] streams = DecoderState.restore(c, store.fileFor(c.images()), parts());
        streamG = streams[0];
        streamD = streams[1];
        step = c.step();
        images = c.images();
        return true;
    }

    private DecoderState.Parts parts() {
        return new DecoderState.Parts(g, ema, optimG, d, optimD, streamG, streamD);
    }

    /** Trains until the duration, a stop request or the time budget. */
    public Result train() throws IOException {
        long sessionStart = System.nanoTime();
        try (TrainLog log = TrainLog.open(run.dir(), images)) {
            double priorSeconds = log.last() == null ? 0 : log.last().trainingSeconds();
            Interval interval = new Interval();
            Path checkpoint = null;
            long checkpointImages = -1;
            Outcome outcome;
            StepStats lastStats = null;
            while (true) {
                outcome = stopReason(sessionStart);
                if (outcome != null) {
                    break;
                }
                long before = images;
                lastStats = step();
                interval.add(lastStats);
                progress.step(step, images, lastStats.reconstruction(), interval.imagesPerSecond());
                Outcome ending = stopReason(sessionStart);
                boolean last = ending != null;
                boolean atCheckpoint = last || crossed(before, images, cfg.checkpointEvery());
                boolean atLog = atCheckpoint || crossed(before, images, cfg.logEvery());
                boolean atGrid = cfg.gridEvery() > 0 && (last && ending != Outcome.STOPPED || crossed(before, images, cfg.gridEvery()));
                if (atLog) {
                    LogEntry e = interval.entry(step, images, cfg.lrGenerator(), cfg.emaDecay(), priorSeconds + (System.nanoTime() - sessionStart) / 1e9, atCheckpoint);
                    if (atCheckpoint) {
                        checkpoint = checkpoint();
                        checkpointImages = images;
                    }
                    log.append(e);
                    progress.logged(e);
                    curves(log);
                }
                if (atGrid) {
                    grids.write(emaGenerator(), images);
                }
                if (atLog || atGrid) {
                    interval = new Interval();
                }
            }
            // A stop requested while the last step wrote its grids ends the session here, with a checkpoint.
            if (lastStats != null && checkpointImages != images) {
                double seconds = priorSeconds + (System.nanoTime() - sessionStart) / 1e9;
                LogEntry e = interval.steps > 0 ? interval.entry(step, images, cfg.lrGenerator(), cfg.emaDecay(), seconds, true)
                        : Interval.entryOf(lastStats, step, images, Double.NaN, cfg.lrGenerator(), cfg.emaDecay(), Double.NaN, seconds, true);
                checkpoint = checkpoint();
                log.append(e);
                progress.logged(e);
                curves(log);
            } else if (checkpoint == null) {
                checkpoint = store.list().stream().findFirst().orElse(null);
            }
            return new Result(outcome, step, images, checkpoint, priorSeconds + (System.nanoTime() - sessionStart) / 1e9);
        }
    }

    private Outcome stopReason(long sessionStart) {
        if (images >= cfg.duration()) {
            return Outcome.FINISHED;
        }
        if (stop.requested()) {
            return Outcome.STOPPED;
        }
        if ((System.nanoTime() - sessionStart) / 1e9 >= maxSeconds) {
            return Outcome.TIME_UP;
        }
        return null;
    }

    private static boolean crossed(long before, long after, long every) {
        return after / every > before / every;
    }

    private void curves(TrainLog log) throws IOException {
        String name = run.dir().getFileName().toString();
        LossCurve.write(run.dir().resolve(LossCurve.FILE), log.entries(), "L_rec (" + reconstruction.name() + "), " + name
                + " (batch " + cfg.batch() + ", lr_G " + cfg.lrGenerator() + ")");
        if (d != null) {
            LossCurve.write(run.dir().resolve(DecoderRun.GAN_CURVE), log.entries(), "L_D (hinge), " + name + " (lr_D "
                    + cfg.lrDiscriminator() + ")", e -> e.extra().getOrDefault(StepStats.LOSS_D, Double.NaN));
        }
    }

    /** The numbers of one step. */
    record StepStats(double reconstruction, double distillation, double lossG, double lossD, double lambda, double realLogit,
                     double fakeLogit, double gradNorm, int images) {
        static final String LOSS_D = "loss_d";
    }

    private StepStats step() {
        int n = cfg.batch();
        int c = data.channels();
        int r = g.latentResolution();
        int side = g.resolution();
        DecoderData.Batch batch = data.batch(backend, streamG.next(n).indices());
        g.train(true);
        optimG.zeroGrad();
        Var fake = g.forward(Var.constant(batch.latents()), batch.labels(), random.key(DecoderRandom.Kind.DROPOUT_RECONSTRUCTION, step));
        DiffAugment.Params recAugment = cfg.augmentReconstruction()
                ? random.augment(augment, DecoderRandom.Kind.AUGMENT_RECONSTRUCTION, step, n, side) : null;
        Var lossRec = Fn.mean(reconstructionLoss(fake, batch, recAugment));
        double rec = finiteLoss("reconstruction loss", lossRec, gParameters);
        double distill = Double.NaN;
        if (distillation != null) {
            Var lossDistill = distillation.loss(g, backend, step, n, random.key(DecoderRandom.Kind.DROPOUT_DISTILLATION, step));
            distill = finiteLoss("distillation loss", lossDistill, gParameters);
            lossRec = Fn.add(lossRec, Fn.mul(lossDistill, (float) cfg.distillWeight()));
        }
        lossRec.backward();
        if (d != null && cfg.separateGanStep()) {
            // The reference's later growths: the reconstruction update first, then a GAN update of its own (lambda = 1).
            afterBackward.accept(gParameters);
            finiteGradients(gParameters);
            optimG.step();
            optimG.zeroGrad();
        }
        double lossG = Double.NaN;
        double lambda = Double.NaN;
        if (d != null) {
            Map<String, Tensor> recGrads = new LinkedHashMap<>();
            if (!cfg.separateGanStep()) {
                gParameters.forEach((name, p) -> recGrads.put(name, p.grad()));
                optimG.zeroGrad();
            }
            d.freeze("");
            Tensor z = random.latents(backend, DecoderRandom.Kind.NOISE_GENERATOR, step, n, c, r);
            Var sample = g.forward(Var.constant(z), batch.labels(), random.key(DecoderRandom.Kind.DROPOUT_GENERATOR, step));
            Var logits = discriminate(DiffAugment.apply(sample, random.augment(augment, DecoderRandom.Kind.AUGMENT_GENERATOR, step, n,
                    side)), batch.labels(), DecoderRandom.Kind.VIEW_GENERATOR);
            Var gan = Hinge.generatorLoss(logits);
            lossG = finiteLoss("generator's GAN loss", gan, gParameters);
            gan.backward();
            d.unfreeze("");
            lambda = cfg.separateGanStep() ? 1 : AdaptiveWeight.of(recGrads.get(lastLayer), gParameters.get(lastLayer).grad());
            float scale = (float) (cfg.ganWeight() * lambda);
            gParameters.forEach((name, p) -> p.setGrad(combined(recGrads.get(name), p.grad(), scale)));
        }
        afterBackward.accept(gParameters);
        double norm = finiteGradients(gParameters);
        optimG.step();
        ema.update(cfg.emaDecay());
        double[] dStats = d != null ? discriminatorStep(n, c, r, side) : new double[] {Double.NaN, Double.NaN, Double.NaN};
        step++;
        images += n;
        return new StepStats(rec, distill, lossG, dStats[0], lambda, dStats[1], dStats[2], norm, n);
    }

    /** {@code rec + scale gan}, either of which may be missing (a parameter the loss does not reach). */
    private static Tensor combined(Tensor rec, Tensor gan, float scale) {
        if (gan == null) {
            return rec;
        }
        Tensor scaled = Ops.mul(gan, scale);
        return rec == null ? scaled : Ops.add(rec, scaled);
    }

    /** L_rec per sample: of the images themselves, or of their {@link ImageViews} (both sides the same window). */
    private Var reconstructionLoss(Var fake, DecoderData.Batch batch, DiffAugment.Params augment) {
        if (!views.active()) {
            return reconstruction.perSample(fake, batch.images(), batch.labels(), augment);
        }
        long key = random.key(DecoderRandom.Kind.VIEW_RECONSTRUCTION, step);
        Tensor real;
        try (NoGrad ng = NoGrad.enter()) {
            Var x = Var.constant(batch.images());
            real = views.apply(augment == null ? x : DiffAugment.apply(x, augment), key).value();
        }
        Var generated = views.apply(augment == null ? fake : DiffAugment.apply(fake, augment), key);
        return reconstruction.perSample(generated, real, views.labels(batch.labels()), null);
    }

    /** D's logits of (augmented) images, through the {@link ImageViews} of this step's {@code kind}. */
    private Var discriminate(Var x, Tensor labels, DecoderRandom.Kind kind) {
        return d.forward(views.apply(x, random.key(kind, step)), views.labels(labels));
    }

    /** One discriminator step; returns L_D and the mean real and fake logits. */
    private double[] discriminatorStep(int n, int c, int r, int side) {
        DecoderData.Batch real = data.batch(backend, streamD.next(n).indices());
        Tensor fake;
        try (NoGrad ng = NoGrad.enter()) {
            Tensor z = random.latents(backend, DecoderRandom.Kind.NOISE_DISCRIMINATOR, step, n, c, r);
            fake = g.forward(Var.constant(z), real.labels(), random.key(DecoderRandom.Kind.DROPOUT_DISCRIMINATOR, step)).value();
        }
        optimD.zeroGrad();
        Var realLogits = discriminate(DiffAugment.apply(Var.constant(real.images()),
                random.augment(augment, DecoderRandom.Kind.AUGMENT_REAL, step, n, side)), real.labels(), DecoderRandom.Kind.VIEW_REAL);
        Var fakeLogits = discriminate(DiffAugment.apply(Var.constant(fake),
                random.augment(augment, DecoderRandom.Kind.AUGMENT_FAKE, step, n, side)), real.labels(), DecoderRandom.Kind.VIEW_FAKE);
        Var loss = Hinge.discriminatorLoss(realLogits, fakeLogits);
        Map<String, Parameter> dParameters = d.namedParameters();
        double value = finiteLoss("discriminator loss", loss, dParameters);
        loss.backward();
        afterBackward.accept(dParameters);
        finiteGradients(dParameters);
        optimD.step();
        return new double[] {value, Ops.mean(realLogits.value()).item(), Ops.mean(fakeLogits.value()).item()};
    }

    private double finiteLoss(String what, Var loss, Map<String, Parameter> parameters) {
        double v = loss.value().item();
        if (!Double.isFinite(v)) {
            String bad = NonFinite.firstValue(parameters);
            throw new NonFiniteException(step, images, bad == null ? what : bad, "the " + what + " is " + v
                    + (bad == null ? " with every parameter finite (the forward pass overflowed)"
                    : "; parameter " + bad + " holds " + NonFinite.describe(parameters.get(bad).value())));
        }
        return v;
    }

    private double finiteGradients(Map<String, Parameter> parameters) {
        double norm = GradClip.globalNorm(parameters.values());
        if (!Double.isFinite(norm)) {
            String bad = NonFinite.firstGradient(parameters);
            throw new NonFiniteException(step, images, bad == null ? "gradient norm" : bad, bad == null
                    ? "the global gradient norm overflowed; largest gradient: " + NonFinite.largestGradient(parameters)
                    : "the gradient of " + bad + " holds " + NonFinite.describe(parameters.get(bad).grad()));
        }
        return norm;
    }

    private Path checkpoint() throws IOException {
        Path file = store.write(DecoderState.capture(step, images, parts()));
        TeacherWeights.write(run.dir().resolve(DecoderRun.MODEL), emaStateDict(), DType.F32);
        return file;
    }

    /** G's state dict with each parameter replaced by its EMA. */
    private Map<String, Tensor> emaStateDict() {
        Map<String, Tensor> state = g.stateDict();
        state.replaceAll((name, value) -> gParameters.containsKey(name) ? ema.average(name) : value);
        return state;
    }

    private TrainableGenerator emaGenerator() {
        TrainableGenerator e = g.blank(backend);
        e.loadStateDict(emaStateDict());
        e.train(false);
        return e;
    }

    /** Losses and throughput since the last log entry. */
    private static final class Interval {
        private final long startNanos = System.nanoTime();
        private long images;
        private double recSum;
        private int steps;
        private StepStats last;

        void add(StepStats s) {
            recSum += s.reconstruction();
            steps++;
            images += s.images();
            last = s;
        }

        double imagesPerSecond() {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            return seconds > 0 ? images / seconds : 0;
        }

        /** The mean L_rec of the interval, the other numbers of its last step. */
        LogEntry entry(long step, long totalImages, double learningRate, double emaDecay, double trainingSeconds, boolean checkpoint) {
            return entryOf(last, step, totalImages, recSum / steps, learningRate, emaDecay, imagesPerSecond(), trainingSeconds,
                    checkpoint);
        }

        static LogEntry entryOf(StepStats last, long step, long totalImages, double reconstruction, double learningRate,
                                double emaDecay, double imagesPerSecond, double trainingSeconds, boolean checkpoint) {
            Map<String, Double> extra = new LinkedHashMap<>();
            if (!Double.isNaN(last.distillation())) {
                extra.put("loss_distill", last.distillation());
            }
            extra.put("loss_g", last.lossG());
            extra.put(StepStats.LOSS_D, last.lossD());
            extra.put("lambda", last.lambda());
            extra.put("d_real", last.realLogit());
            extra.put("d_fake", last.fakeLogit());
            return new LogEntry(step, totalImages, reconstruction, learningRate, emaDecay, last.gradNorm(), imagesPerSecond,
                    trainingSeconds, checkpoint, extra);
        }
    }
}
