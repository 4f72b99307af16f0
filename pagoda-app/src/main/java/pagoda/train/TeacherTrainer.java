package pagoda.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import pagoda.autograd.Parameter;
import pagoda.autograd.Var;
import pagoda.autograd.optim.Adam;
import pagoda.autograd.optim.Ema;
import pagoda.autograd.optim.GradClip;
import pagoda.tensor.Backend;
import pagoda.tensor.DType;
import pagoda.tensor.Tensor;
import pagoda.unet.EDMPrecond;
import pagoda.unet.EdmLoss;
import pagoda.unet.UNetConfig;

/**
 * Trains an EDM teacher (Karras et al. 2022, section 5 and Appendix F; NVlabs/edm {@code training_loop.py}):
 * per step a batch of training images, mirrored at random (by the data stream), noised at ln(sigma) ~ N(-1.2, 1.2^2) and scored
 * by {@link EdmLoss}; Adam with a linear learning-rate warm-up; optional clipping of the global gradient
 * norm; an EMA of the weights with a half-life in images. Every random draw is keyed by the seed and the
 * step ({@link StepRandom}) and the data stream's position is saved, so a run stopped at a checkpoint and
 * resumed computes bit for bit what an uninterrupted run computes.
 *
 * <p>A run stops when its duration is reached, when {@link StopSignal} is raised (Ctrl-C) or after its time
 * budget; each of these writes a checkpoint after the step in flight. A NaN or infinity in the loss or a
 * gradient stops it at once with {@link NonFiniteException}, without a checkpoint.
 */
public final class TeacherTrainer {
    /** How a session of training ended. */
    public enum Outcome { FINISHED, STOPPED, TIME_UP }

    /**
     * @param step steps taken by the run
     * @param images images seen by the run
     * @param checkpoint the newest checkpoint
     * @param trainingSeconds wall time of the run, over all its sessions
     */
    public record Result(Outcome outcome, long step, long images, Path checkpoint, double trainingSeconds) {
    }

    private final RunFolder run;
    private final TrainConfig cfg;
    private final TrainingData data;
    private final Backend backend;
    private final Progress progress;
    private final StopSignal stop;
    private final double maxSeconds;
    private final StepRandom random;
    private final EdmSchedule schedule;
    private final CheckpointStore store;
    private final EDMPrecond net;
    private final Map<String, Parameter> parameters;
    private final Adam optimizer;
    private final Ema ema;
    private Consumer<Map<String, Parameter>> afterBackward = p -> { };
    private EDMPrecond emaNet;
    private long step;
    private long images;

    /**
     * @param maxMinutes the time budget of this session; infinite for none
     */
    public TeacherTrainer(RunFolder run, TrainingData data, Backend backend, Progress progress, StopSignal stop,
                          double maxMinutes) throws IOException {
        this.run = run;
        this.cfg = run.train();
        this.data = data;
        this.backend = backend;
        this.progress = progress;
        this.stop = stop;
        this.maxSeconds = maxMinutes * 60;
        UNetConfig model = run.model();
        checkData(model, data);
        this.random = new StepRandom(cfg.seed());
        this.schedule = cfg.schedule();
        this.store = new CheckpointStore(run.dir());
        this.net = new EDMPrecond(model, backend, cfg.seed());
        this.parameters = net.namedParameters();
        this.optimizer = new Adam(parameters, cfg.learningRate());
        this.ema = new Ema(parameters);
    }

    private static void checkData(UNetConfig model, TrainingData data) {
        if (data.resolution() != model.imgResolution() || data.channels() != model.imgChannels()) {
            throw new IllegalArgumentException("the data has " + data.channels() + "-channel images at " + data.resolution()
                    + "x" + data.resolution() + ", the network takes " + model.imgChannels() + " channels at "
                    + model.imgResolution() + "x" + model.imgResolution());
        }
        if (model.labelDim() > 0 && data.classes() != model.labelDim()) {
            throw new IllegalArgumentException("the network is conditioned on " + model.labelDim() + " classes (label_dim), "
                    + "the data has " + (data.classes() == 0 ? "no labels" : data.classes() + " classes"));
        }
    }

    /** A hook run after every backward pass, before the gradients are checked: lets tests poison a gradient. */
    void afterBackward(Consumer<Map<String, Parameter>> hook) {
        afterBackward = hook;
    }

    /** The network being trained (its raw weights, not the EMA). */
    public EDMPrecond network() {
        return net;
    }

    /** Continues from the newest readable checkpoint; returns false when the run has none yet. */
    public boolean resume(PrintWriter err) throws IOException {
        Checkpoint c = store.latest(backend, err);
        if (c == null) {
            return false;
        }
        TrainingState.restore(c, store.fileFor(c.images()), net, ema, optimizer, data);
        step = c.step();
        images = c.images();
        return true;
    }

    /** Trains until the duration, a stop request or the time budget; see the class comment. */
    public Result train() throws IOException {
        long sessionStart = System.nanoTime();
        try (TrainLog log = TrainLog.open(run.dir(), images)) {
            double priorSeconds = log.last() == null ? 0 : log.last().trainingSeconds();
            Interval interval = new Interval();
            Path checkpoint = null;
            long checkpointImages = -1;
            StepStats lastStats = null;
            Outcome outcome;
            while (true) {
                outcome = stopReason(sessionStart);
                if (outcome != null) {
                    break;
                }
                long before = images;
                StepStats s = step();
                lastStats = s;
                interval.add(s);
                progress.step(step, images, s.loss, interval.imagesPerSecond());
                // The last step of a session ends with a log entry and a checkpoint, and with a grid unless the
                // user asked to stop, who wants the prompt back soon.
                Outcome ending = stopReason(sessionStart);
                boolean last = ending != null;
                boolean atCheckpoint = last || crossed(before, images, cfg.checkpointEvery());
                boolean atLog = atCheckpoint || crossed(before, images, cfg.logEvery());
                boolean atGrid = cfg.gridEvery() > 0
                        && (last && ending != Outcome.STOPPED || crossed(before, images, cfg.gridEvery()));
                if (atLog) {
                    LogEntry e = interval.entry(step, images, s, priorSeconds + (System.nanoTime() - sessionStart) / 1e9, atCheckpoint);
                    if (atCheckpoint) {
                        checkpoint = checkpoint();
                        checkpointImages = images;
                    }
                    log.append(e);
                    progress.logged(e);
                    LossCurve.write(run.dir().resolve(LossCurve.FILE), log.entries(), title());
                }
                if (atGrid) {
                    grid();
                }
                if (atLog || atGrid) {
                    // Throughput counts training steps only, not the writing of checkpoints and grids.
                    interval = new Interval();
                }
            }
            // A stop requested while the last step wrote its files ends the session here, with a checkpoint.
            if (lastStats != null && checkpointImages != images) {
                LogEntry e = interval.steps > 0
                        ? interval.entry(step, images, lastStats, priorSeconds + (System.nanoTime() - sessionStart) / 1e9, true)
                        : new LogEntry(step, images, Double.NaN, lastStats.learningRate, lastStats.emaBeta, lastStats.gradNorm,
                                Double.NaN, priorSeconds + (System.nanoTime() - sessionStart) / 1e9, true);
                checkpoint = checkpoint();
                log.append(e);
                progress.logged(e);
                LossCurve.write(run.dir().resolve(LossCurve.FILE), log.entries(), title());
            } else if (checkpoint == null) {
                checkpoint = store.list().stream().findFirst().orElse(null);
            }
            double total = priorSeconds + (System.nanoTime() - sessionStart) / 1e9;
            return new Result(outcome, step, images, checkpoint, total);
        }
    }

    /** Why the session must end before another step, or null to go on. */
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

    private String title() {
        return "EDM loss, " + run.dir().getFileName() + " (batch " + cfg.batch() + ", lr " + cfg.learningRate() + ")";
    }

    /** Whether a multiple of {@code every} lies in (before, after]. */
    private static boolean crossed(long before, long after, long every) {
        return after / every > before / every;
    }

    private record StepStats(double loss, double gradNorm, double learningRate, double emaBeta, int images) {
    }

    private StepStats step() {
        int n = cfg.batch();
        TrainingData.Batch batch = data.next(backend, n, cfg.xflip());
        Tensor imagesT = batch.images();
        Tensor labels = run.model().labelDim() > 0 ? batch.labels() : null;
        int c = data.channels();
        int r = data.resolution();
        Tensor rndNormal = Tensor.of(backend, random.normal(StepRandom.Kind.NOISE_LEVEL, step, n, 0f, 1f), n);
        Tensor noise = random.normalTensor(backend, StepRandom.Kind.NOISE, step, n, c, r, r);
        net.train(true);
        optimizer.zeroGrad();
        Var loss = EdmLoss.loss(net, imagesT, labels, rndNormal, noise, random.key(StepRandom.Kind.DROPOUT, step));
        double lossValue = loss.value().item();
        if (!Double.isFinite(lossValue)) {
            String bad = NonFinite.firstValue(parameters);
            throw new NonFiniteException(step, images, bad == null ? "loss" : bad, "the loss is " + lossValue
                    + (bad == null ? " with every parameter finite (the forward pass overflowed)"
                    : "; parameter " + bad + " holds " + NonFinite.describe(parameters.get(bad).value())));
        }
        loss.backward();
        afterBackward.accept(parameters);
        double norm = GradClip.globalNorm(parameters.values());
        if (!Double.isFinite(norm)) {
            String bad = NonFinite.firstGradient(parameters);
            throw new NonFiniteException(step, images, bad == null ? "gradient norm" : bad, bad == null
                    ? "the global gradient norm overflowed; largest gradient: " + NonFinite.largestGradient(parameters)
                    : "the gradient of " + bad + " holds " + NonFinite.describe(parameters.get(bad).grad()));
        }
        if (cfg.gradClip() > 0) {
            GradClip.clipByGlobalNorm(parameters.values(), cfg.gradClip());
        }
        double lr = schedule.learningRateAt(images);
        optimizer.setLearningRate(lr);
        optimizer.step();
        double beta = schedule.emaBetaAt(images, n);
        ema.update(beta);
        step++;
        images += n;
        return new StepStats(lossValue, norm, lr, beta, n);
    }

    private Path checkpoint() throws IOException {
        Path file = store.write(TrainingState.capture(step, images, net, ema, optimizer, data));
        TeacherWeights.write(run.dir().resolve(RunFolder.MODEL), TeacherWeights.emaStateDict(net, ema), DType.F32);
        return file;
    }

    private void grid() throws IOException {
        if (emaNet == null) {
            emaNet = new EDMPrecond(run.model(), backend, cfg.seed());
        }
        emaNet.loadStateDict(TeacherWeights.emaStateDict(net, ema), true);
        Path file = run.samples().resolve(String.format("%012d.png", images));
        SampleGrid.write(file, emaNet, cfg.gridSize(), cfg.gridSteps(), cfg.seed());
    }

    /** Loss and throughput since the last log entry. */
    private static final class Interval {
        private final long startNanos = System.nanoTime();
        private long images;
        private double lossSum;
        private int steps;

        void add(StepStats s) {
            lossSum += s.loss;
            steps++;
            images += s.images;
        }

        double imagesPerSecond() {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            return seconds > 0 ? images / seconds : 0;
        }

        LogEntry entry(long step, long totalImages, StepStats last, double trainingSeconds, boolean checkpoint) {
            return new LogEntry(step, totalImages, lossSum / steps, last.learningRate, last.emaBeta, last.gradNorm,
                    imagesPerSecond(), trainingSeconds, checkpoint);
        }
    }
}
