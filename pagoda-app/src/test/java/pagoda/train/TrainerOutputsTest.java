package pagoda.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.autograd.Parameter;
import pagoda.tensor.Backends;
import pagoda.tensor.DType;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensors;
import pagoda.unet.EDMPrecond;

/**
 * What a short run leaves in its folder: log, loss curve, sample grids, checkpoints and EMA weights that load
 * as a teacher, and the exports in 16-bit floats that load back widened to float32.
 */
class TrainerOutputsTest {
    private static final long DURATION = 6 * TinyRun.BATCH;

    @TempDir
    static Path tmp;

    static Path runDir;
    static TeacherTrainer trainer;

    @BeforeAll
    static void train() throws IOException {
        runDir = tmp.resolve("run");
        TrainConfig cfg = TinyRun.train(DURATION, 4 * TinyRun.BATCH).with(Map.of("grid_every", 3L * TinyRun.BATCH), "test");
        trainer = TinyRun.trainer(RunFolder.create(runDir, TinyRun.model(3), cfg), TinyRun.data(3), StopSignal.manual());
        TeacherTrainer.Result r = trainer.train();
        assertEquals(TeacherTrainer.Outcome.FINISHED, r.outcome());
    }

    private static BufferedImage png(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " missing");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is not a PNG");
        return image;
    }

    @Test
    void logHasOneEntryPerIntervalAndMarksCheckpoints() throws IOException {
        List<LogEntry> log = TrainLog.read(runDir);
        assertEquals(6, log.size(), log.toString());
        for (int i = 0; i < log.size(); i++) {
            LogEntry e = log.get(i);
            assertEquals(i + 1, e.step());
            assertTrue(e.loss() > 0 && Double.isFinite(e.loss()), e.toString());
            assertTrue(e.gradNorm() > 0, e.toString());
            assertEquals(e.images() == 4L * TinyRun.BATCH || e.images() == DURATION, e.checkpoint(), e.toString());
        }
        assertEquals(0.0, log.getFirst().learningRate(), "EDM's warm-up starts at 0");
        assertEquals(0.0, log.getFirst().emaBeta(), "the EMA starts as a copy of the weights");
    }

    @Test
    void lossCurveAndGridsArePngs() throws IOException {
        BufferedImage curve = png(runDir.resolve(LossCurve.FILE));
        assertTrue(curve.getWidth() >= 400 && curve.getHeight() >= 200);
        try (Stream<Path> s = Files.list(runDir.resolve(RunFolder.SAMPLES))) {
            assertEquals(List.of("000000000012.png", "000000000024.png"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        BufferedImage grid = png(runDir.resolve(RunFolder.SAMPLES).resolve("000000000024.png"));
        int side = 2 * 8 + 1;
        assertEquals(side, grid.getWidth(), "2 x 2 samples of 8 pixels, 1 pixel apart");
        assertEquals(side, grid.getHeight());
    }

    @Test
    void theRunFolderLoadsAsATeacherWithTheEmaWeights() throws IOException {
        EDMPrecond teacher = TeacherLoader.load(runDir, Backends.cpu());
        Checkpoint last = CheckpointStore.read(TinyRun.checkpoint(runDir, DURATION), Backends.cpu());
        int compared = 0;
        for (Map.Entry<String, Parameter> e : teacher.namedParameters().entrySet()) {
            Tensor ema = last.tensors().get("ema." + e.getKey());
            assertArrayEquals(ema.toFloatArray(), e.getValue().value().toFloatArray(), e.getKey());
            compared++;
        }
        assertEquals(trainer.network().namedParameters().size(), compared);
    }

    @Test
    void sixteenBitExportsLoadWidenedToFloat32() throws IOException {
        Map<String, Parameter> ema = TeacherLoader.load(runDir, Backends.cpu()).namedParameters();
        for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
            Path out = tmp.resolve("export-" + dtype);
            TeacherExport.Result r = TeacherExport.export(runDir, out, dtype, Backends.cpu());
            try (SafeTensors st = SafeTensors.open(r.weights())) {
                assertTrue(st.infos().stream().allMatch(i -> i.dtype() == dtype), "every tensor stored as " + dtype);
            }
            EDMPrecond loaded = TeacherLoader.load(out, Backends.cpu());
            // Half of the unit in the last place of the narrower format: 2^-11 (F16), 2^-8 (BF16), relative.
            double bound = dtype == DType.F16 ? 0x1p-11 : 0x1p-8;
            for (Map.Entry<String, Parameter> e : loaded.namedParameters().entrySet()) {
                float[] got = e.getValue().value().toFloatArray();
                float[] want = ema.get(e.getKey()).value().toFloatArray();
                for (int i = 0; i < got.length; i++) {
                    // Below F16's normal range (6.1e-5) its spacing is fixed at 2^-24; allow that absolute step too.
                    double tolerance = Math.max(bound * Math.abs(want[i]), dtype == DType.F16 ? 0x1p-25 : 0);
                    assertTrue(Math.abs(got[i] - want[i]) <= tolerance, e.getKey() + "[" + i + "]: " + got[i] + " vs " + want[i]);
                }
            }
            assertTrue(Files.isRegularFile(out.resolve(TeacherExport.TRAINING)));
        }
    }

    @Test
    void anExportFromOneCheckpointTakesItsEma() throws IOException {
        Path file = TinyRun.checkpoint(runDir, 4L * TinyRun.BATCH);
        Path out = tmp.resolve("export-ckpt");
        TeacherExport.export(file, out, DType.F32, Backends.cpu());
        Checkpoint c = CheckpointStore.read(file, Backends.cpu());
        for (Map.Entry<String, Parameter> e : TeacherLoader.load(out, Backends.cpu()).namedParameters().entrySet()) {
            assertArrayEquals(c.tensors().get("ema." + e.getKey()).toFloatArray(), e.getValue().value().toFloatArray(), e.getKey());
        }
    }
}
