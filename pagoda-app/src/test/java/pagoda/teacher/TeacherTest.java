package pagoda.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.DType;
import pagoda.tensor.Tensor;
import pagoda.tensor.io.SafeTensors;

/** --teacher: folders, weight files, 16-bit weights, bundled names, and what is said when nothing is found. */
class TeacherTest {
    private static final Backend CPU = Backends.cpu();

    @TempDir
    Path tmp;

    @Test
    void loadsAFolderAndNamesItByTheHashOfItsWeights() throws IOException, NoSuchAlgorithmException {
        Path dir = TinyTeacher.write(tmp.resolve("t"), 0, 1);
        Teacher t = Teacher.load(dir.toString(), CPU);
        assertEquals(dir.toAbsolutePath(), t.path());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(dir.resolve("model.safetensors"))));
        assertEquals(expected, t.weightsSha256());
        assertTrue(!t.net().isTraining(), "loaded in evaluation mode");
        assertEquals(expected, t.describe().get("model_sha256"));
        Teacher viaFile = Teacher.load(dir.resolve("model.safetensors").toString(), CPU);
        assertEquals(expected, viaFile.weightsSha256());
        assertNotEquals(expected, Teacher.load(TinyTeacher.write(tmp.resolve("u"), 0, 2).toString(), CPU).weightsSha256());
    }

    /** F16 and BF16 files load as float32 holding exactly the stored 16-bit values. */
    @Test
    void sixteenBitWeightsAreWidened() throws IOException {
        for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
            Path dir = TinyTeacher.write(tmp.resolve(dtype.safetensorsName()), 3, 0, 4, dtype);
            Teacher t = Teacher.load(dir.toString(), CPU);
            try (SafeTensors st = SafeTensors.open(dir.resolve("model.safetensors"))) {
                for (Map.Entry<String, Tensor> e : t.net().stateDict().entrySet()) {
                    assertEquals(dtype, st.info(e.getKey()).dtype());
                    assertArrayEquals(st.readFloats(e.getKey()), e.getValue().toFloatArray(), e.getKey());
                }
            }
        }
    }

    @Test
    void aBundledNameIsFoundInTheModelsFolder() throws IOException {
        Path models = Files.createDirectories(tmp.resolve("models"));
        TinyTeacher.write(models.resolve("teacher-tiny"), 0, 1);
        String old = System.getProperty(BundledModels.PROPERTY);
        System.setProperty(BundledModels.PROPERTY, models.toString());
        try {
            Teacher t = Teacher.load("teacher-tiny", CPU);
            assertEquals(models.resolve("teacher-tiny").toAbsolutePath(), t.path());
            assertEquals("teacher-tiny", t.name());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Teacher.load("teacher-none", CPU));
            assertTrue(e.getMessage().contains("teacher-none") && e.getMessage().contains(models.toString()), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(BundledModels.PROPERTY);
            } else {
                System.setProperty(BundledModels.PROPERTY, old);
            }
        }
    }

    /** Without the property the search walks up from the classes: target/classes, target, pagoda-app, the checkout. */
    @Test
    void theModelsFolderIsLookedForAroundTheBuild() {
        assertTrue(BundledModels.candidates().stream().anyMatch(p -> p.getParent() != null
                        && Files.isRegularFile(p.getParent().resolve("pagoda")) && Files.isDirectory(p.getParent().resolve("pagoda-app"))),
                "the checkout's models/ is a candidate: " + BundledModels.candidates());
    }

    @Test
    void whatIsMissingIsSaid() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("train.json"), "{}");
        Files.writeString(run.resolve("config.json"), "{}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Teacher.load(run.toString(), CPU));
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("checkpoint"), e.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(IllegalArgumentException.class, () -> Teacher.load(empty.toString(), CPU));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Teacher.load(tmp.resolve("no/such").toString(), CPU));
        assertTrue(e.getMessage().contains("no/such"), e.getMessage());
    }
}
