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

/**
 * Reverse-mode sweep over the recorded graph behind one output. Memory is handed back as the sweep
 * goes: a node's rule (with the activations it saved), its links and its collected gradient are dropped
 * as soon as the rule has run, and the sweep keeps no reference to a node it has processed, since all of
 * that node's users ran before it. So the peak is the saved activations at the start, shrinking towards
 * the leaves.
 */
final class Tape {
    private Tape() {
    }

    static void backward(Var output, Tensor seed) {
        if (output.node == null) {
            output.accumulate(seed);
            return;
        }
        List<Node> order = topologicalOrder(output.node);
        output.node.pending = seed;
        for (int i = order.size() - 1; i >= 0; i--) {
            Node node = order.set(i, null);
            Tensor dy = node.pending;
            Node[] producers = node.producers;
            Var[] leaves = node.leaves;
            Rule rule = node.rule;
            node.release();
            if (dy == null) {
                continue;
            }
            boolean[] needs = new boolean[producers.length];
            for (int k = 0; k < needs.length; k++) {
                needs[k] = producers[k] != null || (leaves[k] != null && leaves[k].requiresGrad());
            }
            Tensor[] grads = rule.grads(dy, needs);
            for (int k = 0; k < needs.length; k++) {
                if (!needs[k] || grads[k] == null) {
                    continue;
                }
                if (producers[k] != null) {
                    Node p = producers[k];
                    Tensor g = reduced(node.op, grads[k], p.shape);
                    p.pending = p.pending == null ? g : Ops.add(p.pending, g);
                } else {
                    leaves[k].accumulate(reduced(node.op, grads[k], leaves[k].value().shape()));
                }
            }
        }
    }

    /** A gradient in the op's broadcast shape, summed back to the input's shape. */
    private static Tensor reduced(String op, Tensor g, int[] shape) {
        if (Arrays.equals(g.shape(), shape)) {
            return g;
        }
        try {
            return Ops.sumToShape(g, shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("backward of " + op + ": gradient " + Shapes.str(g.shape())
                    + " does not reduce to the input's shape " + Shapes.str(shape), e);
        }
    }

    /** The nodes reachable from {@code output}, producers before users. */
    private static List<Node> topologicalOrder(Node output) {
        List<Node> order = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        push(output, stack, next, seen);
        while (!stack.isEmpty()) {
            Node n = stack.peek();
            int k = next.pop();
            if (k < n.producers.length) {
                next.push(k + 1);
                Node in = n.producers[k];
                if (in != null && !seen.contains(in)) {
                    push(in, stack, next, seen);
                }
            } else {
                stack.pop();
                order.add(n);
            }
        }
        return order;
    }

    private static void push(Node n, ArrayDeque<Node> stack, ArrayDeque<Integer> next, Set<Node> seen) {
        if (n.consumed()) {
            throw new IllegalStateException("backward: the graph through " + n.op + " was already used by an"
                    + " earlier backward pass and freed; run the forward pass again");
        }
        seen.add(n);
        stack.push(n);
        next.push(0);
    }
}
