package pagoda.tests;

import java.util.List;
import java.util.Set;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * One op call that the conformance suite runs on every backend and compares with the twin. Every call
 * accepts views of its inputs (the front ends make them contiguous where a kernel needs it; the Backend
 * calls used take strided operands), so each case also runs on permuted and strided views of them.
 *
 * @param family     the group it is listed under (an op family: "matmul", "conv2d", ...)
 * @param name       unique: the op and its shapes and parameters; also the seed of its inputs
 * @param covers     the {@link Backend} methods and the UnaryOp/BinaryOp/ReduceOp constants it exercises
 * @param inputs     how its inputs are made
 * @param call       the call, through the public front ends unless a parameter is only reachable
 *                   through the {@link Backend} interface (matmul's alpha and beta, copies into views)
 * @param outputs    names of the tensors the call returns, in order
 * @param tolerance  the error bounds of the outputs, computed once on the twin
 */
record OpCase(String family, String name, Set<String> covers, Inputs inputs, Call call, List<String> outputs,
              Tolerance tolerance) {

    /** The op call on one backend; {@code in} holds the inputs in declaration order, placed on it. */
    @FunctionalInterface
    interface Call {
        Tensor[] apply(Backend backend, Tensor[] in);
    }

    /** The bounds of every output, given the inputs on the twin and the twin's outputs. */
    @FunctionalInterface
    interface Tolerance {
        Bound[] bounds(Tensor[] in, double[][] ref);
    }

    /** The seed of the inputs: fixed by the name, so a failure reproduces in any run. */
    long seed() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
