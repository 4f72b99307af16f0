package pagoda.autograd;

/**
 * The record of one op on the tape: its inputs and its backward rule. The tape drops both once the rule
 * has run, so the saved activations the rule captured become garbage as early as possible.
 */
final class Node {
    final String op;
    Var[] inputs;
    Rule rule;

    Node(String op, Var[] inputs, Rule rule) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
    }

    boolean consumed() {
        return rule == null;
    }

    void release() {
        inputs = null;
        rule = null;
    }
}
