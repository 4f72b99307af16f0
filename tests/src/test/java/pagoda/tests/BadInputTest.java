package pagoda.tests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pagoda.tensor.Backend;
import pagoda.tensor.Backends;
import pagoda.tensor.Conv2dSpec;
import pagoda.tensor.NnOps;
import pagoda.tensor.Ops;
import pagoda.tensor.ResizeFilter;
import pagoda.tensor.Tensor;
import pagoda.tensor.cpu.CpuBackend;

/**
 * Bad shapes, axes, strides and mixed backends give an IllegalArgumentException whose message names the
 * op and the shapes, for each front-end family, before a kernel runs. Complements the tensor module's
 * BadInputTest (which covers the single-backend shape checks of most front ends) with operands on two
 * backends, the ranks and sizes it leaves out, axes and view strides.
 */
class BadInputTest {
    private static final Backend REF = Backends.reference();
    /** A second backend for the mixed-backend cases; no kernel runs, the front end must refuse first. */
    private static final CpuBackend CPU = new CpuBackend(1);

    @AfterAll
    static void close() {
        CPU.close();
    }

    private static Tensor t(int... shape) {
        return Tensor.zeros(REF, shape);
    }

    private static Tensor cpu(int... shape) {
        return Tensor.zeros(CPU, shape);
    }

    private static Arguments bad(String name, Executable call, String... fragments) {
        return Arguments.of(name, call, fragments);
    }

    private static final Conv2dSpec SAME = Conv2dSpec.of(1, 1);
    private static final float[] BOX = {0.25f, 0.25f, 0.25f, 0.25f};

    static Stream<Arguments> mixedBackends() {
        String[] names = {"different backends", "reference", "cpu"};
        return Stream.of(
                bad("matmul", () -> Ops.matmul(t(2, 3), cpu(3, 4)), with("matmul", names)),
                bad("cat", () -> Ops.cat(0, t(2, 3), cpu(1, 3)), with("cat", names)),
                bad("conv2d weight", () -> NnOps.conv2d(t(1, 2, 5, 5), cpu(4, 2, 3, 3), null, SAME), with("conv2d", names)),
                bad("conv2d bias", () -> NnOps.conv2d(t(1, 2, 5, 5), t(4, 2, 3, 3), cpu(4), SAME), with("conv2d", names)),
                bad("conv2dBackwardData", () -> NnOps.conv2dBackwardData(t(1, 4, 5, 5), cpu(4, 2, 3, 3), SAME,
                        new int[] {1, 2, 5, 5}), with("conv2dBackwardData", names)),
                bad("conv2dBackwardWeight", () -> NnOps.conv2dBackwardWeight(t(1, 4, 5, 5), cpu(1, 2, 5, 5), SAME,
                        new int[] {4, 2, 3, 3}), with("conv2dBackwardWeight", names)),
                bad("groupNorm gamma", () -> NnOps.groupNorm(t(2, 4, 3), cpu(4), null, 2, 1e-5f), with("groupNorm", names)),
                bad("groupNorm beta", () -> NnOps.groupNorm(t(2, 4, 3), t(4), cpu(4), 2, 1e-5f), with("groupNorm", names)),
                bad("groupNormBackward dy", () -> NnOps.groupNormBackward(cpu(2, 4, 3), t(2, 4, 3), null, t(2, 2), t(2, 2), 2,
                        true), with("groupNormBackward", names)),
                bad("groupNormBackward statistics", () -> NnOps.groupNormBackward(t(2, 4, 3), t(2, 4, 3), null, t(2, 2),
                        cpu(2, 2), 2, true), with("groupNormBackward", names)),
                bad("softmaxBackward", () -> NnOps.softmaxBackward(t(2, 3), cpu(2, 3), -1), with("softmaxBackward", names)),
                bad("attention", () -> NnOps.attention(t(2, 4, 3), cpu(2, 4, 5), t(2, 4, 5)), with("attention", names)),
                bad("attentionBackward weights", () -> NnOps.attentionBackward(t(2, 4, 3), t(2, 4, 5), t(2, 4, 5),
                        cpu(2, 3, 5), t(2, 4, 3)), with("attentionBackward", names)),
                bad("attentionBackward dout", () -> NnOps.attentionBackward(t(2, 4, 3), t(2, 4, 5), t(2, 4, 5),
                        t(2, 3, 5), cpu(2, 4, 3)), with("attentionBackward", names)));
    }

    static Stream<Arguments> shapesAndAxes() {
        return Stream.of(
                bad("matmul rank 0", () -> Ops.matmul(t(), t(2, 2)), "matmul", "[]", "[2, 2]"),
                bad("conv2d input rank", () -> NnOps.conv2d(t(3, 5, 5), t(4, 3, 3, 3), null, SAME), "conv2d", "[3, 5, 5]",
                        "[4, 3, 3, 3]"),
                bad("conv2d weight rank", () -> NnOps.conv2d(t(1, 3, 5, 5), t(4, 3, 3), null, SAME), "conv2d", "[1, 3, 5, 5]",
                        "[4, 3, 3]"),
                bad("conv2d bias rank", () -> NnOps.conv2d(t(1, 3, 5, 5), t(4, 3, 3, 3), t(1, 4), SAME), "conv2d", "bias",
                        "[1, 4]"),
                bad("conv2dBackwardData batch", () -> NnOps.conv2dBackwardData(t(2, 4, 5, 5), t(4, 2, 3, 3), SAME,
                        new int[] {1, 2, 5, 5}), "conv2dBackwardData", "[2, 4, 5, 5]", "[1, 2, 5, 5]"),
                bad("conv2dBackwardData rank", () -> NnOps.conv2dBackwardData(t(4, 5, 5), t(4, 2, 3, 3), SAME,
                        new int[] {1, 2, 5, 5}), "conv2dBackwardData", "[4, 5, 5]"),
                bad("conv2dBackwardWeight stride", () -> NnOps.conv2dBackwardWeight(t(1, 4, 5, 5), t(1, 2, 5, 5),
                        Conv2dSpec.of(2, 1), new int[] {4, 2, 3, 3}), "conv2dBackwardWeight", "[1, 4, 5, 5]", "[4, 2, 3, 3]"),
                bad("conv2d negative padding", () -> new Conv2dSpec(1, 1, -1, 0), "conv2d", "padding (-1, 0)"),
                bad("firDown kernel size 0", () -> NnOps.firDown(t(1, 1, 4, 4), new float[0], 0, 0, 1f), "firDown", "0x0"),
                bad("firDown negative padding", () -> NnOps.firDown(t(1, 1, 4, 4), BOX, 2, -1, 1f), "firDown", "padding -1"),
                bad("firUp rank", () -> NnOps.firUp(t(1, 4, 4), BOX, 2, 0, 4f, 8, 8), "firUp", "[1, 4, 4]"),
                bad("firUp filter", () -> NnOps.firUp(t(1, 1, 4, 4), new float[9], 2, 0, 4f, 8, 8), "firUp", "9 values", "2x2"),
                bad("firUp zero size", () -> NnOps.firUp(t(1, 1, 4, 4), BOX, 2, 0, 4f, 0, 8), "firUp", "0x8", "[1, 1, 4, 4]"),
                bad("groupNorm zero groups", () -> NnOps.groupNorm(t(2, 4, 3), null, null, 0, 1e-5f), "groupNorm", "0 groups",
                        "[2, 4, 3]"),
                bad("groupNorm rank 1", () -> NnOps.groupNorm(t(4), null, null, 2, 1e-5f), "groupNorm", "[4]"),
                bad("groupNorm beta", () -> NnOps.groupNorm(t(2, 4, 3), null, t(3), 2, 1e-5f), "groupNorm", "beta", "[3]", "[4]"),
                bad("groupNorm gamma rank", () -> NnOps.groupNorm(t(2, 4, 3), t(1, 4), null, 2, 1e-5f), "groupNorm", "gamma",
                        "[1, 4]"),
                bad("groupNormBackward statistics", () -> NnOps.groupNormBackward(t(2, 4, 3), t(2, 4, 3), null, t(2, 3),
                        t(2, 3), 2, true), "groupNormBackward", "[2, 3]", "2 groups"),
                bad("groupNormBackward gamma", () -> NnOps.groupNormBackward(t(2, 4, 3), t(2, 4, 3), t(3), t(2, 2), t(2, 2), 2,
                        true), "groupNormBackward", "gamma", "[3]", "[4]"),
                bad("batchNorm rank 1", () -> NnOps.batchNorm(t(4), null, null, 1e-5f), "batchNorm", "[4]"),
                bad("batchNorm empty", () -> NnOps.batchNorm(t(0, 4, 2, 2), null, null, 1e-5f), "batchNorm", "[0, 4, 2, 2]"),
                bad("batchNorm gamma", () -> NnOps.batchNorm(t(2, 4, 3), t(3), null, 1e-5f), "batchNorm", "gamma", "[3]", "[4]"),
                bad("batchNormBackward statistics", () -> NnOps.batchNormBackward(t(2, 4, 3), t(2, 4, 3), null, t(2, 4),
                        t(2, 4), true), "batchNormBackward", "[2, 4]", "[4]"),
                bad("translate rank", () -> NnOps.translate(t(2, 4, 4), new int[] {0, 0}, new int[] {0, 0}), "translate",
                        "[2, 4, 4]"),
                bad("translate shifts", () -> NnOps.translate(t(2, 1, 4, 4), new int[] {0}, new int[] {0, 0}), "translate",
                        "1 vertical", "2 samples"),
                bad("softmax negative axis", () -> NnOps.softmax(t(2, 3), -3), "softmax", "axis -3", "rank 2"),
                bad("softmaxBackward axis", () -> NnOps.softmaxBackward(t(2, 3), t(2, 3), 2), "softmaxBackward", "axis 2",
                        "rank 2"),
                bad("attention rank", () -> NnOps.attention(t(4, 3), t(4, 5), t(4, 5)), "attention", "[4, 3]", "[4, 5]"),
                bad("attention v", () -> NnOps.attention(t(2, 4, 3), t(2, 4, 5), t(2, 4, 6)), "attention", "[2, 4, 5]",
                        "[2, 4, 6]"),
                bad("attention batch", () -> NnOps.attention(t(3, 4, 3), t(2, 4, 5), t(2, 4, 5)), "attention", "[3, 4, 3]",
                        "[2, 4, 5]"),
                bad("attentionBackward dout", () -> NnOps.attentionBackward(t(2, 4, 3), t(2, 4, 5), t(2, 4, 5), t(2, 3, 5),
                        t(2, 4, 5)), "attentionBackward", "dout [2, 4, 5]", "[2, 4, 3]"),
                bad("resize empty input", () -> NnOps.resize(t(1, 1, 0, 4), 2, 2, ResizeFilter.BILINEAR, false), "resize",
                        "[1, 1, 0, 4]"),
                bad("resize negative size", () -> NnOps.resize(t(1, 1, 4, 4), 2, -2, ResizeFilter.BICUBIC, true), "resize",
                        "2x-2"),
                bad("resizeBackward rank", () -> NnOps.resizeBackward(t(1, 2, 2), new int[] {1, 1, 4, 4}, ResizeFilter.BOX,
                        false), "resizeBackward", "[1, 2, 2]", "[1, 1, 4, 4]"),
                bad("cat ranks", () -> Ops.cat(0, t(2, 3), t(2, 3, 1)), "cat", "[2, 3], [2, 3, 1]"),
                bad("cat axis", () -> Ops.cat(2, t(2, 3), t(2, 3)), "cat", "axis 2", "rank 2"),
                bad("split axis", () -> Ops.split(t(2, 3), -3, 1, 1), "split", "axis -3", "rank 2"),
                bad("split negative size", () -> Ops.split(t(2, 3), 1, 4, -1), "split", "[4, -1]"),
                bad("reduce negative axis", () -> Ops.mean(t(2, 3), -3), "mean", "axis -3", "rank 2"),
                bad("var over empty extent", () -> Ops.var(t(2, 0), 1, 1), "var", "empty", "[2, 0]"),
                bad("mean over empty extent", () -> Ops.mean(t(0, 3)), "mean", "empty", "[0, 3]"),
                bad("transpose axis", () -> t(2, 3).transpose(0, 2), "transpose", "axis 2", "rank 2"),
                bad("slice start after end", () -> t(4, 5).slice(1, 3, 2), "slice", "[3:2:1]", "[4, 5]"),
                bad("slice negative start", () -> t(4, 5).slice(0, -1, 2), "slice", "[-1:2:1]", "[4, 5]"));
    }

    static Stream<Arguments> strides() {
        return Stream.of(
                bad("view strides rank", () -> Tensor.view(REF.allocate(6), new int[] {2, 3}, new long[] {1}, 0), "view",
                        "[2, 3]", "[1]"),
                bad("view negative stride below the storage", () -> Tensor.view(REF.allocate(6), new int[] {2, 3},
                        new long[] {-3, 1}, 0), "view", "[2, 3]", "[-3, 1]", "storage of 6"),
                bad("view offset past the storage", () -> Tensor.view(REF.allocate(6), new int[] {2, 3}, new long[] {3, 1}, 1),
                        "view", "offset 1", "storage of 6"),
                bad("view broadcast stride past the storage", () -> Tensor.view(REF.allocate(3), new int[] {4, 3},
                        new long[] {0, 2}, 0), "view", "[4, 3]", "[0, 2]", "storage of 3"));
    }

    private static String[] with(String op, String... more) {
        String[] all = new String[more.length + 1];
        all[0] = op;
        System.arraycopy(more, 0, all, 1, more.length);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"mixedBackends", "shapesAndAxes", "strides"})
    void rejectedWithAMessageNamingOpAndShapes(String name, Executable call, String[] fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, name);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), name + ": message \"" + e.getMessage() + "\" does not mention " + f);
        }
    }
}
