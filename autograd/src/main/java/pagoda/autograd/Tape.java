package pagoda.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import pagoda.tensor.Ops;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/** Reverse-mode sweep over the recorded graph behind one output. */
final class Tape {
    private Tape() {
    }

    static void backward(Var output, Tensor seed) {
        if (output.node == null) {
            output.accumulate(seed);
            return;
        }
        List<Var> order = topologicalOrder(output);
        output.pending = seed;
        for (int i = order.size() - 1; i >= 0; i--) {
            Var v = order.get(i);
            Tensor dy = v.pending;
            v.pending = null;
            Node node = v.node;
            Var[] inputs = node.inputs;
            Rule rule = node.rule;
            node.release();
            if (dy == null) {
                continue;
            }
            boolean[] needs = new boolean[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                needs[k] = inputs[k] != null && inputs[k].requiresGrad();
            }
            Tensor[] grads = rule.grads(dy, needs);
            for (int k = 0; k < inputs.length; k++) {
                if (needs[k] && grads[k] != null) {
                    deliver(node.op, inputs[k], grads[k]);
                }
            }
        }
    }

    private static void deliver(String op, Var input, Tensor g) {
        int[] shape = input.value().shape();
        if (!Arrays.equals(g.shape(), shape)) {
            try {
                g = Ops.sumToShape(g, shape);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("backward of " + op + ": gradient " + Shapes.str(g.shape())
                        + " does not reduce to the input's shape " + Shapes.str(shape), e);
            }
        }
        if (input.node == null) {
            input.accumulate(g);
        } else {
            input.pending = input.pending == null ? g : Ops.add(input.pending, g);
        }
    }

    /** Non-leaf Vars reachable from {@code output} through inputs that require gradients, inputs before users. */
    private static List<Var> topologicalOrder(Var output) {
        List<Var> order = new ArrayList<>();
        Set<Var> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Var> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        push(output, stack, next, seen);
        while (!stack.isEmpty()) {
            Var v = stack.peek();
            int k = next.pop();
            Var[] inputs = v.node.inputs;
            if (k < inputs.length) {
                next.push(k + 1);
                Var in = inputs[k];
                if (in != null && in.requiresGrad() && in.node != null && !seen.contains(in)) {
                    push(in, stack, next, seen);
                }
            } else {
                stack.pop();
                order.add(v);
            }
        }
        return order;
    }

    private static void push(Var v, ArrayDeque<Var> stack, ArrayDeque<Integer> next, Set<Var> seen) {
        if (v.node.consumed()) {
            throw new IllegalStateException("backward: the graph through " + v.node.op + " was already used by an"
                    + " earlier backward pass and freed; run the forward pass again");
        }
        seen.add(v);
        stack.push(v);
        next.push(0);
    }
}
