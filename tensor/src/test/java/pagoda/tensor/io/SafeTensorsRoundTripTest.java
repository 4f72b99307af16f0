package pagoda.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.DType;
import pagoda.tensor.Tensor;

class SafeTensorsRoundTripTest {
    private static final float NAN_LOW_PAYLOAD = Float.intBitsToFloat(0x7F800001);

    @TempDir
    Path dir;

    private Path write(SafeTensorsWriter w) throws IOException {
        Path f = dir.resolve("t.safetensors");
        w.write(f);
        return f;
    }

    private static float[] f(float... v) {
        return v;
    }

    @Test
    void f32KeepsEveryBitPattern() throws IOException {
        float[] v = f(0f, -0f, 1f, -2.5f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, Float.NaN,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.1f);
        try (SafeTensors st = SafeTensors.open(write(new SafeTensorsWriter().put("v", v, DType.F32, v.length)))) {
            assertArrayEquals(v, st.readFloats("v"));
            double[] widened = st.readDoubles("v");
            for (int i = 0; i < v.length; i++) {
                assertEquals((double) v[i], widened[i]);
            }
        }
    }

    @Test
    void partsOfATensorReadAsTheWholeDoes() throws IOException {
        float[] v = new float[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.25f - 3;
        }
        SafeTensorsWriter w = new SafeTensorsWriter().put("a", v, DType.F32, 2, 3, 4).put("h", v, DType.F16, 24)
                .put("b", v, DType.BF16, 4, 6);
        try (SafeTensors st = SafeTensors.open(write(w))) {
            for (String name : List.of("a", "h", "b")) {
                float[] whole = st.readFloats(name);
                assertArrayEquals(Arrays.copyOfRange(whole, 5, 17), st.readFloats(name, 5, 12));
                assertArrayEquals(new float[0], st.readFloats(name, 24, 0));
            }
            SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> st.readFloats("a", 20, 5));
            assertTrue(e.getMessage().contains("[20, 25)") && e.getMessage().contains("24"), e.getMessage());
        }
    }

    @Test
    void f16RoundsToNearestEvenAndOverflowsToInfinity() throws IOException {
        float[] in = f(0f, -0f, 1f, 65504f, 65519f, 65520f, 1e6f, -1e6f, 0x1p-24f, 0x1p-25f, 3 * 0x1p-26f,
                Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.1f, 1 + 0x1p-11f);
        float[] want = f(0f, -0f, 1f, 65504f, 65504f, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 0x1p-24f, 0f, 0x1p-24f, Float.NaN, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 0.0999755859375f, 1f);
        try (SafeTensors st = SafeTensors.open(write(new SafeTensorsWriter().put("h", in, DType.F16, 4, 4)))) {
            assertEquals(32, st.info("h").byteLength());
            assertArrayEquals(want, st.readFloats("h"));
        }
    }

    @Test
    void bf16RoundsTiesToEvenAndKeepsNaN() throws IOException {
        float[] in = f(1f, 1 + 0x1p-8f, 1 + 3 * 0x1p-8f, 1 + 0x1p-8f + 0x1p-23f, Float.MAX_VALUE, NAN_LOW_PAYLOAD,
                0x1p-133f, Float.MIN_VALUE, -0f, 0.1f, Float.NEGATIVE_INFINITY);
        float[] want = f(1f, 1f, 1 + 0x1p-6f, 1 + 0x1p-7f, Float.POSITIVE_INFINITY, Float.NaN,
                0x1p-133f, 0f, -0f, 0.10009765625f, Float.NEGATIVE_INFINITY);
        try (SafeTensors st = SafeTensors.open(write(new SafeTensorsWriter().put("b", in, DType.BF16, in.length)))) {
            assertArrayEquals(want, st.readFloats("b"));
        }
    }

    @Test
    void f64IsExactThroughDoubles() throws IOException {
        double[] v = {0.1, 1.0 / 3, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.NEGATIVE_INFINITY, 1e-310};
        float[] fromFloats = f(0.1f, -0f, Float.MIN_VALUE);
        try (SafeTensors st = SafeTensors.open(write(new SafeTensorsWriter()
                .put("d", v, DType.F64, 2, 4).put("widened", fromFloats, DType.F64, 3)))) {
            assertArrayEquals(v, st.readDoubles("d"));
            float[] narrowed = st.readFloats("d");
            for (int i = 0; i < v.length; i++) {
                assertEquals((float) v[i], narrowed[i]);
            }
            assertArrayEquals(new double[] {0.1f, -0.0, Float.MIN_VALUE}, st.readDoubles("widened"));
        }
    }

    @Test
    void doublesToHalfFormatsRoundOnce() throws IOException {
        double aboveTie = 1 + 0x1p-11 + 0x1p-40;
        try (SafeTensors st = SafeTensors.open(write(new SafeTensorsWriter()
                .put("h", new double[] {aboveTie, 1e300, -1e-300}, DType.F16, 3)
                .put("b", new double[] {1 + 0x1p-8 + 0x1p-40, Double.NaN}, DType.BF16, 2)
                .put("f", new double[] {0.1}, DType.F32, 1)))) {
            assertArrayEquals(f(1 + 0x1p-10f, Float.POSITIVE_INFINITY, -0f), st.readFloats("h"));
            assertArrayEquals(f(1 + 0x1p-7f, Float.NaN), st.readFloats("b"));
            assertArrayEquals(f(0.1f), st.readFloats("f"));
        }
    }

    @Test
    void rawBytesAreStoredAsUnsignedU8BetweenAlignedTensors() throws IOException {
        byte[] pixels = {0, 1, 127, (byte) 128, (byte) 255, 42};
        long[] ids = {7, 8};
        try (SafeTensors st = SafeTensors.open(write(new SafeTensorsWriter()
                .putU8("pixels", pixels, 2, 3).put("ids", ids, DType.I64, 2).put("w", f(0.5f), DType.F32, 1)))) {
            assertEquals(DType.U8, st.info("pixels").dtype());
            assertArrayEquals(new long[] {0, 1, 127, 128, 255, 42}, st.readLongs("pixels"));
            assertArrayEquals(ids, st.readLongs("ids"));
            assertArrayEquals(f(0.5f), st.readFloats("w"));
        }
        assertThrows(IllegalArgumentException.class, () -> new SafeTensorsWriter().putU8("p", pixels, 4));
    }

    @Test
    void integersRoundTripExactly() throws IOException {
        long[] i64 = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, (1L << 53) + 1};
        long[] i32 = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -7};
        long[] u8 = {0, 255, 7};
        long[] bool = {0, 1, 1, 0};
        try (SafeTensors st = SafeTensors.open(write(new SafeTensorsWriter()
                .put("i64", i64, DType.I64, 5).put("i32", i32, DType.I32, 2, 2).put("u8", u8, DType.U8, 3)
                .put("bool", bool, DType.BOOL, 4).put("i32f", f(-3f, 16777216f), DType.I32, 2)
                .put("boolf", new double[] {1, 0}, DType.BOOL, 2).put("asf64", i64, DType.F64, 5)
                .put("asf32", i64, DType.F32, 5)))) {
            assertArrayEquals(i64, st.readLongs("i64"));
            assertArrayEquals(i32, st.readLongs("i32"));
            assertArrayEquals(u8, st.readLongs("u8"));
            assertArrayEquals(bool, st.readLongs("bool"));
            assertArrayEquals(new long[] {-3, 16777216}, st.readLongs("i32f"));
            assertArrayEquals(new long[] {1, 0}, st.readLongs("boolf"));
            assertArrayEquals(f(0, 255, 7), st.readFloats("u8"));
            assertArrayEquals(f(0, 1, 1, 0), st.readFloats("bool"));
            assertArrayEquals(new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -7}, st.readDoubles("i32"));
            double[] asDoubles = Arrays.stream(i64).asDoubleStream().toArray();
            assertArrayEquals(asDoubles, st.readDoubles("i64"));
            assertArrayEquals(asDoubles, st.readDoubles("asf64"));
            float[] asFloats = new float[i64.length];
            for (int i = 0; i < i64.length; i++) {
                asFloats[i] = (float) i64[i];
            }
            assertArrayEquals(asFloats, st.readFloats("i64"));
            assertArrayEquals(asFloats, st.readFloats("asf32"));
        }
    }

    @Test
    void valuesOutsideAnIntegerDtypeFailTheWriteAndKeepTheOldFile() throws IOException {
        Path f = write(new SafeTensorsWriter().put("keep", f(1f), DType.F32, 1));
        byte[] before = Files.readAllBytes(f);
        record Case(SafeTensorsWriter writer, String message) {
        }
        List<Case> cases = List.of(
                new Case(new SafeTensorsWriter().put("ok", f(1f), DType.F32, 1).put("n", new long[] {1, 1L << 31}, DType.I32, 2),
                        "tensor 'n': element 1 is 2147483648; I32 stores integers in [-2147483648, 2147483647]"),
                new Case(new SafeTensorsWriter().put("n", f(0.5f, 2.5f), DType.I32, 2),
                        "tensor 'n': element 0 is 0.5; I32 stores integers in [-2147483648, 2147483647]"),
                new Case(new SafeTensorsWriter().put("n", new long[] {-1}, DType.U8, 1),
                        "tensor 'n': element 0 is -1; U8 stores integers in [0, 255]"),
                new Case(new SafeTensorsWriter().put("n", new double[] {256}, DType.U8, 1),
                        "tensor 'n': element 0 is 256.0; U8 stores integers in [0, 255]"),
                new Case(new SafeTensorsWriter().put("n", new long[] {0, 2}, DType.BOOL, 2),
                        "tensor 'n': element 1 is 2; BOOL stores 0 or 1"),
                new Case(new SafeTensorsWriter().put("n", f(Float.NaN), DType.I64, 1),
                        "tensor 'n': element 0 is NaN; I64 stores integers in [-9223372036854775808, 9223372036854775807]"),
                new Case(new SafeTensorsWriter().put("n", new double[] {0x1p63}, DType.I64, 1),
                        "tensor 'n': element 0 is 9.223372036854776E18; I64 stores integers in [-9223372036854775808, 9223372036854775807]"));
        for (Case c : cases) {
            SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> c.writer().write(f));
            assertEquals(f + ": " + c.message(), e.getMessage());
            assertEquals("n", e.tensor());
            assertArrayEquals(before, Files.readAllBytes(f));
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(f), files.toList());
            }
        }
    }

    @Test
    void writerRejectsBadEntriesWhenAdded() {
        SafeTensorsWriter w = new SafeTensorsWriter().put("a", f(1f), DType.F32, 1);
        assertEquals("tensor 'a' was already added",
                assertThrows(IllegalArgumentException.class, () -> w.put("a", f(1f), DType.F32, 1)).getMessage());
        assertEquals("tensor name '__metadata__' is reserved for the metadata",
                assertThrows(IllegalArgumentException.class, () -> w.put("__metadata__", f(1f), DType.F32, 1)).getMessage());
        assertEquals("tensor 'b': 3 values do not fill shape [2, 2] (4 elements)",
                assertThrows(IllegalArgumentException.class, () -> w.put("b", f(1, 2, 3), DType.F32, 2, 2)).getMessage());
        assertEquals("tensor 'b': negative dimension in shape [-1]",
                assertThrows(IllegalArgumentException.class, () -> w.put("b", f(), DType.F32, -1)).getMessage());
        assertEquals("tensor 'c': long data cannot be stored as F16 (expected I64, I32, U8, BOOL, F64 or F32; convert to float first)",
                assertThrows(IllegalArgumentException.class, () -> w.put("c", new long[] {1}, DType.F16, 1)).getMessage());
    }

    @Test
    void layoutFollowsTheReferenceImplementation() throws IOException {
        Path f = write(new SafeTensorsWriter()
                .put("mask", new long[] {1, 0, 1}, DType.BOOL, 3)
                .put("w", f(1, 2, 3), DType.F32, 3)
                .put("half", f(1), DType.F16, 1)
                .put("ids", new long[] {5}, DType.I64, 1)
                .put("caf\u00e9/\u540d", f(4), DType.F32, 1)
                .metadata("format", "pt").metadata("note", "\u00e9 \"quoted\""));
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\",\"note\":\"\u00e9 \\\"quoted\\\"\"},\"ids\":"), header);
        assertTrue(header.matches("(?s)\\{.*\\} *"), "padding is spaces: " + header);
        try (SafeTensors st = SafeTensors.open(f)) {
            assertEquals(List.of("ids", "w", "caf\u00e9/\u540d", "half", "mask"), st.names(), "largest elements first, then insertion order");
            assertEquals(Map.of("format", "pt", "note", "\u00e9 \"quoted\""), st.metadata());
            for (TensorInfo t : st.infos()) {
                assertEquals(0, (8 + n + t.begin()) % t.dtype().byteSize(), "aligned: " + t);
            }
            assertEquals(new TensorInfo("w", DType.F32, new int[] {3}, 8, 20), st.info("w"));
            assertArrayEquals(f(4), st.readFloats("caf\u00e9/\u540d"));
            long wStart = 8 + n + st.info("w").begin();
            ByteBuffer raw = ByteBuffer.wrap(bytes, (int) wStart, 12).order(ByteOrder.LITTLE_ENDIAN);
            assertArrayEquals(f(raw.getFloat(), raw.getFloat(), raw.getFloat()), st.readFloats("w"), "row-major little-endian");
            assertEquals(12, st.bytes("w").byteSize());
        }
    }

    @Test
    void scalarsEmptyTensorsAndEmptyFiles() throws IOException {
        try (SafeTensors st = SafeTensors.open(write(new SafeTensorsWriter()
                .put("scalar", f(3.5f), DType.F32).put("empty", f(), DType.F32, 0, 3).put("one", f(2), DType.F32, 1)))) {
            assertArrayEquals(new int[0], st.info("scalar").shape());
            assertArrayEquals(f(3.5f), st.readFloats("scalar"));
            assertEquals(0, st.info("empty").byteLength());
            assertArrayEquals(new int[] {0, 3}, st.readTensor("empty", Backends.cpu()).shape());
            assertEquals(2f, st.readTensor("one", Backends.cpu()).item());
        }
        Path empty = write(new SafeTensorsWriter());
        assertEquals(16, Files.size(empty), "8-byte length and '{}' padded to 8");
        try (SafeTensors st = SafeTensors.open(empty)) {
            assertEquals(List.of(), st.names());
            assertEquals(Map.of(), st.metadata());
        }
    }

    @Test
    void tensorsRoundTripThroughBackends() throws IOException {
        Backend cpu = Backends.cpu();
        Backend f64 = Float64TestBackend.create();
        float[] values = {1.5f, -2f, 0.1f, 7f, 8f, 9f};
        double[] precise = {0.1, 1.0 / 3, Math.PI, -1e-300};
        Tensor t = Tensor.of(cpu, values, 2, 3);
        Tensor p = Tensor.ofDoubles(f64, precise, 4);
        Path file = write(new SafeTensorsWriter().put("t", t).put("t16", t, DType.BF16)
                .put("p", p, DType.F64).put("p32", p));
        try (SafeTensors st = SafeTensors.open(file)) {
            Tensor back = st.readTensor("t", cpu);
            assertArrayEquals(new int[] {2, 3}, back.shape());
            assertArrayEquals(values, back.toFloatArray());
            Tensor half = st.readTensor("t16", cpu);
            assertArrayEquals(new int[] {2, 3}, half.shape());
            assertArrayEquals(f(1.5f, -2f, 0.10009765625f, 7f, 8f, 9f), half.toFloatArray());
            assertArrayEquals(precise, st.readTensor("p", f64).toDoubleArray(), "F64 reaches a float64 backend exactly");
            assertArrayEquals(precise, st.readDoubles("p"));
            float[] rounded = new float[precise.length];
            for (int i = 0; i < precise.length; i++) {
                rounded[i] = (float) precise[i];
            }
            assertArrayEquals(rounded, st.readFloats("p32"));
            assertArrayEquals(rounded, st.readTensor("p", cpu).toFloatArray());
        }
    }

    @Test
    void writingIsDeterministic() throws IOException {
        SafeTensorsWriter w = new SafeTensorsWriter().put("a", f(1, 2), DType.F16, 2).put("b", new long[] {3}, DType.I64, 1)
                .metadata("k", "v");
        Path first = dir.resolve("first.safetensors");
        Path second = dir.resolve("second.safetensors");
        w.write(first);
        w.write(second);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void readerErrorsNameFileAndTensor() throws IOException {
        Path f = write(new SafeTensorsWriter().put("w", f(1.5f), DType.F32, 1).put("m", new long[] {1}, DType.BOOL, 1));
        SafeTensors st = SafeTensors.open(f);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> st.readLongs("w"));
        assertEquals(f + ": tensor 'w': dtype F32 is floating point; reading as integers needs I64, I32, U8 or BOOL"
                + " (read floats or doubles instead)", e.getMessage());
        e = assertThrows(SafeTensorsException.class, () -> st.info("nope"));
        assertEquals(f + ": tensor 'nope': not in this file, which holds 2 tensors: w, m", e.getMessage());
        assertTrue(st.contains("m"));
        st.close();
        st.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> st.readFloats("w"));
        assertEquals(f + ": the safetensors file is closed", closed.getMessage());
    }
}
