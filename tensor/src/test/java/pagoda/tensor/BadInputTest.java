package pagoda.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every front-end check rejects bad input with an IllegalArgumentException whose message names the op
 * and the offending shapes or arguments, before anything reaches a backend.
 */
class BadInputTest {
    private static final Backend REF = Backends.reference();

    private static Tensor t(int... shape) {
        return Tensor.zeros(REF, shape);
    }

    private static Arguments bad(String name, Executable call, String... fragments) {
        return Arguments.of(name, call, fragments);
    }

    static Stream<Arguments> cases() {
        Conv2dSpec same = Conv2dSpec.of(1, 1);
        float[] box = {0.25f, 0.25f, 0.25f, 0.25f};
        return Stream.of(
                bad("binary shapes", () -> Ops.add(t(2, 3), t(4)), "add", "[2, 3]", "[4]", "do not broadcast"),
                bad("binary backends", () -> Ops.mul(t(2), Tensor.zeros(Backends.cpu(), 2)), "mul", "different backends",
                        "reference", "cpu"),
                bad("matmul rank", () -> Ops.matmul(t(3), t(3, 2)), "matmul", "rank >= 2", "[3]", "[3, 2]"),
                bad("matmul inner", () -> Ops.matmul(t(2, 3), t(4, 5)), "matmul", "inner", "[2, 3]", "[4, 5]"),
                bad("matmul batch", () -> Ops.matmul(t(2, 3, 4), t(3, 4, 5)), "matmul", "[2]", "[3]", "do not broadcast"),
                bad("reduce axis", () -> Ops.sum(t(2, 3), 5), "sum", "axis 5", "rank 2"),
                bad("reduce repeated axis", () -> Ops.sum(t(2, 3), 1, -1), "sum", "axis -1 repeated", "[1, -1]"),
                bad("reduce empty", () -> Ops.max(t(0, 3), 0), "max", "empty", "[0, 3]"),
                bad("sumToShape", () -> Ops.sumToShape(t(2, 3), new int[] {4}), "sumToShape", "[2, 3]", "[4]"),
                bad("sumToShape rank", () -> Ops.sumToShape(t(3), new int[] {2, 3}), "sumToShape", "[3]", "[2, 3]"),
                bad("cat shapes", () -> Ops.cat(1, t(2, 3), t(3, 3)), "cat", "[2, 3], [3, 3]", "axis 1"),
                bad("cat empty", () -> Ops.cat(0), "cat", "no tensors"),
                bad("split sizes", () -> Ops.split(t(3, 2), 0, 1, 1), "split", "[1, 1]", "[3, 2]", "has 3"),
                bad("clamp bounds", () -> Ops.clamp(t(2), 2f, 1f), "clamp", "2.0", "1.0"),
                bad("uniform range", () -> Ops.uniform(REF, 1, 0, 1f, 1f, 2), "uniform", "[1.0, 1.0)"),
                bad("normal std", () -> Ops.normal(REF, 1, 0, 0f, -1f, 2), "normal", "-1.0"),
                bad("reshape count", () -> t(2, 3).reshape(5), "reshape", "[2, 3]", "[5]"),
                bad("reshape infer", () -> t(2, 3).reshape(4, -1), "reshape", "[4, -1]", "[2, 3]"),
                bad("reshape two -1", () -> t(2, 3).reshape(-1, -1), "reshape", "more than one -1"),
                bad("permute length", () -> t(2, 3).permute(0), "permute", "[0]", "[2, 3]"),
                bad("permute repeated", () -> t(2, 3).permute(1, 1), "permute", "repeated", "[1, 1]"),
                bad("slice range", () -> t(2, 3).slice(1, 0, 5, 1), "slice", "[0:5:1]", "size 3", "[2, 3]"),
                bad("slice step", () -> t(2, 3).slice(1, 0, 3, 0), "slice", "[0:3:0]", "[2, 3]"),
                bad("select index", () -> t(2, 3).select(0, 2), "select", "index 2", "[2, 3]"),
                bad("broadcastTo", () -> t(2, 3).broadcastTo(4, 3), "broadcastTo", "[2, 3]", "[4, 3]"),
                bad("squeeze", () -> t(2, 3).squeeze(0), "squeeze", "size 2", "[2, 3]"),
                bad("unsqueeze", () -> t(2, 3).unsqueeze(4), "unsqueeze", "axis 4", "rank 2"),
                bad("of length", () -> Tensor.of(REF, new float[5], 2, 3), "of", "5 values", "[2, 3]"),
                bad("negative dimension", () -> Tensor.zeros(REF, 2, -1), "zeros", "[2, -1]"),
                bad("view bounds", () -> Tensor.view(REF.allocate(4), new int[] {2, 3}, new long[] {3, 1}, 0), "view",
                        "[2, 3]", "storage of 4"),
                bad("item", () -> t(2).item(), "item", "[2]"),
                bad("conv2d channels", () -> NnOps.conv2d(t(1, 3, 5, 5), t(4, 2, 3, 3), null, same), "conv2d",
                        "[1, 3, 5, 5]", "[4, 2, 3, 3]"),
                bad("conv2d bias", () -> NnOps.conv2d(t(1, 2, 5, 5), t(4, 2, 3, 3), t(3), same), "conv2d", "bias", "[3]",
                        "[4]"),
                bad("conv2d kernel too large", () -> NnOps.conv2d(t(1, 1, 2, 2), t(1, 1, 4, 4), null, Conv2dSpec.of(1, 0)),
                        "conv2d", "[1, 1, 4, 4]", "[1, 1, 2, 2]"),
                bad("conv2d kernel too large with stride", () -> NnOps.conv2d(t(1, 1, 2, 2), t(1, 1, 3, 3), null,
                        Conv2dSpec.of(2, 0)), "conv2d", "[1, 1, 3, 3]", "[1, 1, 2, 2]"),
                bad("conv2d spec", () -> new Conv2dSpec(0, 1, 0, 0), "conv2d", "stride", "(0, 1)"),
                bad("conv2dBackwardData", () -> NnOps.conv2dBackwardData(t(1, 4, 5, 5), t(4, 2, 3, 3), same,
                        new int[] {1, 2, 6, 5}), "conv2dBackwardData", "[1, 4, 5, 5]", "[4, 2, 3, 3]", "[1, 2, 6, 5]"),
                bad("conv2dBackwardWeight", () -> NnOps.conv2dBackwardWeight(t(1, 4, 5, 5), t(1, 3, 5, 5), same,
                        new int[] {4, 2, 3, 3}), "conv2dBackwardWeight", "[1, 4, 5, 5]", "[1, 3, 5, 5]", "[4, 2, 3, 3]"),
                bad("firDown filter", () -> NnOps.firDown(t(1, 1, 4, 4), new float[3], 2, 0, 1f), "firDown", "3 values",
                        "2x2"),
                bad("firDown rank", () -> NnOps.firDown(t(4, 4), box, 2, 0, 1f), "firDown", "[4, 4]"),
                bad("firDown too small", () -> NnOps.firDown(t(1, 1, 1, 4), new float[16], 4, 1, 1f), "firDown",
                        "4x4", "[1, 1, 1, 4]"),
                bad("firUp size", () -> NnOps.firUp(t(1, 1, 4, 4), box, 2, 0, 4f, 10, 8), "firUp", "10x8", "[1, 1, 4, 4]"),
                bad("groupNorm groups", () -> NnOps.groupNorm(t(2, 6, 3), null, null, 4, 1e-5f), "groupNorm", "4 groups",
                        "[2, 6, 3]"),
                bad("groupNorm gamma", () -> NnOps.groupNorm(t(2, 6, 3), t(5), null, 3, 1e-5f), "groupNorm", "gamma",
                        "[5]", "[6]"),
                bad("groupNormBackward", () -> NnOps.groupNormBackward(t(2, 6, 3), t(2, 6, 4), null, t(2, 3), t(2, 3), 3,
                        false), "groupNormBackward", "[2, 6, 3]", "[2, 6, 4]"),
                bad("softmax axis", () -> NnOps.softmax(t(2, 3), 2), "softmax", "axis 2", "rank 2"),
                bad("softmaxBackward", () -> NnOps.softmaxBackward(t(2, 3), t(3, 2), -1), "softmaxBackward", "[2, 3]",
                        "[3, 2]"),
                bad("attention", () -> NnOps.attention(t(2, 4, 3), t(2, 5, 6), t(2, 5, 6)), "attention", "[2, 4, 3]",
                        "[2, 5, 6]"),
                bad("attentionBackward", () -> NnOps.attentionBackward(t(2, 4, 3), t(2, 4, 6), t(2, 4, 6), t(2, 6, 3),
                        t(2, 4, 3)), "attentionBackward", "[2, 6, 3]", "[2, 4, 3]", "[2, 4, 6]"),
                bad("resize rank", () -> NnOps.resize(t(4, 4), 2, 2, ResizeFilter.BOX, true), "resize", "[4, 4]", "2x2"),
                bad("resize size", () -> NnOps.resize(t(1, 1, 4, 4), 0, 2, ResizeFilter.BOX, true), "resize", "0x2"),
                bad("resizeBackward shapes", () -> NnOps.resizeBackward(t(1, 2, 2, 2), new int[] {1, 3, 4, 4},
                        ResizeFilter.BOX, true), "resizeBackward", "[1, 2, 2, 2]", "[1, 3, 4, 4]"),
                bad("resizeBackward size", () -> NnOps.resizeBackward(t(1, 1, 2, 2), new int[] {1, 1, 0, 4},
                        ResizeFilter.BOX, true), "resizeBackward", "[1, 1, 2, 2]", "[1, 1, 0, 4]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithAMessageNamingOpAndShapes(String name, Executable call, String[] fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, name);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), name + ": message \"" + e.getMessage() + "\" does not mention " + f);
        }
    }
}
