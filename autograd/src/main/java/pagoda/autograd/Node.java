package pagoda.autograd;

import pagoda.tensor.Tensor;

/**
 * The record of one op on the tape: where its inputs' gradients go and its backward rule. A node never
 * holds an input Var's value: input i is either the node of the op that produced it
 * ({@code producers[i]}) or a leaf that required a gradient when the op ran ({@code leaves[i]}); inputs
 * that needed no gradient are not referenced at all. So an activation lives only as long as a rule saved
 * it or the caller holds it, and the tape drops the rule, with what it saved, once the rule has run.
 */
final class Node {
    final String op;
    /** The shape of the op's output: the shape its gradient arrives in. */
    final int[] shape;
    Node[] producers;
    Var[] leaves;
    Rule rule;
    /** The gradient collected so far for the op's output during a backward pass. */
    Tensor pending;

    Node(String op, int[] shape, Node[] producers, Var[] leaves, Rule rule) {
        this.op = op;
        this.shape = shape;
        this.producers = producers;
        this.leaves = leaves;
        this.rule = rule;
    }

    boolean consumed() {
        return rule == null;
    }

    void release() {
        producers = null;
        leaves = null;
        rule = null;
        pending = null;
    }
}
