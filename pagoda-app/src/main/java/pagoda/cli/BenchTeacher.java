package pagoda.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pagoda.tensor.cpu.CpuBackend;
import pagoda.tensor.cpu.Simd;
import pagoda.unet.UNetConfig;

/**
 * {@code pagoda bench teacher}: images per second of the EDM teacher's denoiser forward and, with
 * {@code --backward}, of a full training step (loss, backward, Adam); see {@link TeacherWorkload}. With
 * {@code --backward} it also reports the peak live heap of the training steps ({@link HeapPeak}).
 * bench/peers/torch_teacher.py times the same with PyTorch.
 */
@Command(name = "teacher", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "The EDM teacher: denoiser forward and (--backward) training-step images/s; prints one JSON line.")
final class BenchTeacher implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "A config.json, or a preset name (teacher-16, teacher-imagenet64-cm).")
    String config;

    @Option(names = "--batch", required = true, paramLabel = "B", converter = Converters.PositiveInt.class, description = "Batch size.")
    int batch;

    @Option(names = "--backward", description = "Also time a training step (EDM loss, backward, Adam).")
    boolean backward;

    @Mixin
    TimingOptions timing;

    @Override
    public Integer call() throws IOException {
        UNetConfig c;
        try {
            c = UNetConfig.readOrPreset(config);
        } catch (IllegalArgumentException | java.nio.file.NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "--config: " + e.getMessage());
        }
        int threads = timing.threads();
        try (CpuBackend backend = new CpuBackend(threads)) {
            TeacherWorkload work = new TeacherWorkload(backend, c, batch);
            Json json = new Json().put("bench", "teacher").put("impl", "pagoda-j").put("config", config)
                    .put("resolution", c.imgResolution()).put("channels", c.imgChannels())
                    .put("model_channels", c.modelChannels()).put("parameters", work.parameters()).put("batch", batch)
                    .put("threads", threads).put("vector_bits", Simd.F.vectorBitSize()).put("reps", timing.reps);
            Timing.Result f = Timing.measure(work::forward, timing.reps, timing.warmupMillis);
            json.put("forward_median_ms", f.median()).put("forward_min_ms", f.min())
                    .put("forward_images_per_s", batch / f.median() * 1e3);
            if (backward) {
                Timing.Result t;
                long peak;
                try (HeapPeak heap = new HeapPeak()) {
                    t = Timing.measure(work::trainStep, timing.reps, timing.warmupMillis);
                    peak = heap.peakBytes();
                }
                json.put("train_median_ms", t.median()).put("train_min_ms", t.min())
                        .put("train_images_per_s", batch / t.median() * 1e3)
                        .put("peak_live_heap_mib", peak / (double) (1 << 20))
                        .put("max_heap_mib", Runtime.getRuntime().maxMemory() / (double) (1 << 20));
            }
            spec.commandLine().getOut().println(json);
        }
        return 0;
    }
}
