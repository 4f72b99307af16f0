package pagoda.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import pagoda.tensor.Backends;
import pagoda.tensor.Shapes;
import pagoda.tensor.Tensor;

/**
 * The inputs of an op case, made from a seed: uniform draws from a range (symmetric unless the op's domain
 * says otherwise), draws from a small grid of values (so that ties, zeros and clamp bounds occur), constants,
 * and inputs derived from the earlier ones through the twin (saved statistics, softmax weights), all
 * rounded to float.
 */
final class Inputs {
    @FunctionalInterface
    private interface Maker {
        HostTensor make(SplittableRandom rng, List<HostTensor> before);
    }

    private final List<Maker> makers;
    private final List<int[]> declaredShapes;

    private Inputs(List<Maker> makers, List<int[]> declaredShapes) {
        this.makers = makers;
        this.declaredShapes = declaredShapes;
    }

    static Inputs none() {
        return new Inputs(List.of(), List.of());
    }

    /** Adds an input; {@code shape} is null for a derived input, whose shape is known only once made. */
    private Inputs and(Maker m, int[] shape) {
        List<Maker> all = new ArrayList<>(makers);
        all.add(m);
        List<int[]> shapes = new ArrayList<>(declaredShapes);
        if (shape != null) {
            shapes.add(shape);
        }
        return new Inputs(List.copyOf(all), List.copyOf(shapes));
    }

    /** The shapes of the inputs that are not derived, known without making any data. */
    List<int[]> declaredShapes() {
        return declaredShapes;
    }

    /** Uniform in [lo, hi). */
    Inputs uniform(String name, double lo, double hi, int... shape) {
        int[] s = shape.clone();
        return and((rng, before) -> {
            float[] v = new float[Math.toIntExact(Shapes.numel(s))];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.nextDouble(lo, hi);
            }
            return new HostTensor(name, s, v);
        }, s);
    }

    /** Uniform in [-1, 1). */
    Inputs symmetric(String name, int... shape) {
        return uniform(name, -1, 1, shape);
    }

    /** Values {@code lo + j (hi - lo) / steps}, j uniform in [0, steps]: exact in float for power-of-two steps, with ties. */
    Inputs grid(String name, double lo, double hi, int steps, int... shape) {
        int[] s = shape.clone();
        return and((rng, before) -> {
            float[] v = new float[Math.toIntExact(Shapes.numel(s))];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (lo + rng.nextInt(steps + 1) * (hi - lo) / steps);
            }
            return new HostTensor(name, s, v);
        }, s);
    }

    /** Every element {@code value}. */
    Inputs constant(String name, float value, int... shape) {
        int[] s = shape.clone();
        return and((rng, before) -> {
            float[] v = new float[Math.toIntExact(Shapes.numel(s))];
            Arrays.fill(v, value);
            return new HostTensor(name, s, v);
        }, s);
    }

    /** An input computed by the twin from the inputs made so far (given in order, on the reference backend). */
    Inputs derived(String name, Function<Tensor[], Tensor> onReference) {
        return and((rng, before) -> {
            Tensor[] in = new Tensor[before.size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = before.get(i).onto(Backends.reference());
            }
            return HostTensor.of(name, onReference.apply(in));
        }, null);
    }

    /** The inputs for this seed, in declaration order. */
    List<HostTensor> make(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<HostTensor> made = new ArrayList<>();
        for (Maker m : makers) {
            made.add(m.make(rng, made));
        }
        return List.copyOf(made);
    }
}
