package pagoda.autograd;

import java.util.Arrays;
import pagoda.tensor.Ops;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/**
 * A tensor on the tape. A leaf (a {@link #parameter} or {@link #constant}) holds a value and, when it
 * requires a gradient, accumulates one across backward passes until {@link #zeroGrad}. A non-leaf is the
 * output of a recorded op ({@link #op}); it requires a gradient when any input does, and its gradient
 * exists only while the backward pass runs through it.
 */
public class Var {
    private Tensor value;
    private boolean requiresGrad;
    private Tensor grad;
    final Node node;

    Var(Tensor value, boolean requiresGrad, Node node) {
        if (value == null) {
            throw new IllegalArgumentException("Var: value is null");
        }
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.node = node;
    }

    /** A leaf that never receives a gradient. */
    public static Var constant(Tensor value) {
        return new Var(value, false, null);
    }

    /** A leaf that accumulates a gradient. */
    public static Var parameter(Tensor value) {
        return new Var(value, true, null);
    }

    /**
     * Records an op whose output is {@code value} and whose backward rule is {@code rule}. Outside a
     * {@link NoGrad} scope and when some input requires a gradient, the result is a non-leaf that
     * remembers where its inputs' gradients go (not their values: a rule that needs a value captures
     * it); otherwise a constant. Whether an input requires a gradient is read now, as in PyTorch. The
     * extension point for ops beyond {@link Fn}.
     */
    public static Var op(String name, Tensor value, Rule rule, Var... inputs) {
        if (NoGrad.active()) {
            return constant(value);
        }
        Node[] producers = new Node[inputs.length];
        Var[] leaves = new Var[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            Var in = inputs[i];
            if (in != null && in.requiresGrad) {
                any = true;
                if (in.node != null) {
                    producers[i] = in.node;
                } else {
                    leaves[i] = in;
                }
            }
        }
        return any ? new Var(value, true, new Node(name, value.shape(), producers, leaves, rule)) : constant(value);
    }

    public Tensor value() {
        return value;
    }

    /** The accumulated gradient of a leaf; null before the first backward pass, after zeroGrad, and for non-leaves. */
    public Tensor grad() {
        return grad;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    public boolean isLeaf() {
        return node == null;
    }

    public int[] shape() {
        return value.shape();
    }

    /** The same value as a constant: gradients stop here. */
    public Var detach() {
        return constant(value);
    }

    /** Switches gradient accumulation of a leaf on or off (freezing). */
    public void setRequiresGrad(boolean requiresGrad) {
        if (node != null) {
            throw new IllegalStateException("setRequiresGrad: only leaves can change it; this Var is the output of "
                    + node.op);
        }
        this.requiresGrad = requiresGrad;
    }

    /** Replaces a leaf's value with a tensor of the same shape (optimiser steps, state loading). */
    public void setValue(Tensor newValue) {
        if (node != null) {
            throw new IllegalStateException("setValue: only leaves can be assigned; this Var is the output of " + node.op);
        }
        if (!Arrays.equals(value.shape(), newValue.shape())) {
            throw new IllegalArgumentException("setValue: shape " + Shapes.str(newValue.shape()) + " differs from "
                    + Shapes.str(value.shape()));
        }
        value = newValue;
    }

    public void zeroGrad() {
        grad = null;
    }

    /** Replaces the accumulated gradient (null clears it); the shape must match the value's. */
    public void setGrad(Tensor newGrad) {
        if (newGrad != null && !Arrays.equals(value.shape(), newGrad.shape())) {
            throw new IllegalArgumentException("setGrad: gradient " + Shapes.str(newGrad.shape()) + " for a value of shape "
                    + Shapes.str(value.shape()));
        }
        grad = newGrad;
    }

    /** Back-propagates from a one-element output, seeding its gradient with 1. */
    public void backward() {
        if (value.numel() != 1) {
            throw new IllegalArgumentException("backward: output of shape " + Shapes.str(value.shape())
                    + " is not a scalar; pass a seed gradient of that shape");
        }
        backward(Ops.full(value.backend(), 1f, value.shape()));
    }

    /** Back-propagates {@code seed}, the gradient of some scalar with respect to this Var. */
    public void backward(Tensor seed) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this Var does not require a gradient (a constant, a frozen"
                    + " parameter, or computed under NoGrad)");
        }
        if (!Arrays.equals(value.shape(), seed.shape())) {
            throw new IllegalArgumentException("backward: seed " + Shapes.str(seed.shape()) + " for an output of shape "
                    + Shapes.str(value.shape()));
        }
        Tape.backward(this, seed);
    }

    /** Adds a gradient that reached this leaf, as a compact tensor that keeps no larger storage alive. */
    void accumulate(Tensor g) {
        Tensor own = g.isContiguous() && g.storage().numel() == g.numel() ? g : g.copy();
        grad = grad == null ? own : Ops.add(grad, own);
    }

    @Override
    public String toString() {
        return "Var" + Shapes.str(value.shape()) + (node != null ? " <- " + node.op : requiresGrad ? " (leaf)" : " (constant)");
    }
}
